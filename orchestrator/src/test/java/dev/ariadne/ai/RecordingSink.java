package dev.ariadne.ai;

import dev.ariadne.io.IoLoops;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

// A test audio sink on an agent session: audio (copied), clear and mark as one replaying flux of events.
final class RecordingSink implements AgentSession.AudioSink {

    /** Event loops for the tests' connectors; daemon threads, shared by the test classes of this package. */
    static final IoLoops LOOPS = new IoLoops(1);

    private final Sinks.Many<AgentEvent> items = Sinks.many().replay().all();

    static RecordingSink on(AgentSession session) {
        RecordingSink sink = new RecordingSink();
        session.start(sink);
        return sink;
    }

    Flux<AgentEvent> items() {
        return items.asFlux();
    }

    @Override
    public void audio(ByteBuf pcmLe) {
        items.tryEmitNext(new AgentEvent.Audio(ByteBufUtil.getBytes(pcmLe)));
    }

    @Override
    public void clear() {
        items.tryEmitNext(new AgentEvent.Clear());
    }

    @Override
    public void mark(String name) {
        items.tryEmitNext(new AgentEvent.Mark(name));
    }
}
