package dev.ariadne.media;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

// A test listener on a media session: caller frames (copied) and played marks as replaying fluxes.
final class Listened implements MediaSession.Listener {

    private final Sinks.Many<byte[]> frames = Sinks.many().replay().all();
    private final Sinks.Many<String> marks = Sinks.many().replay().all();

    static Listened on(MediaSession session) {
        Listened listened = new Listened();
        session.start(listened);
        return listened;
    }

    Flux<byte[]> frames() {
        return frames.asFlux();
    }

    Flux<String> marks() {
        return marks.asFlux();
    }

    @Override
    public synchronized void callerAudio(ByteBuf pcmLe) {
        try {
            frames.tryEmitNext(ByteBufUtil.getBytes(pcmLe));
        } finally {
            pcmLe.release();
        }
    }

    @Override
    public synchronized void markPlayed(String name) {
        marks.tryEmitNext(name);
    }
}
