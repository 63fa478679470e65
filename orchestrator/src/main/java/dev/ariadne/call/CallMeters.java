package dev.ariadne.call;

import dev.ariadne.media.MediaStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The calls' metrics: started and ended calls, how long set-up, first agent audio and the calls took, and the
 * media counters of each call, all recorded at a call's transitions (a few per call), never per frame. Labels are
 * bounded: {@code direction} (2), {@code status} and {@code cause} (the fixed vocabularies of {@link CallRecord}),
 * {@code tenant} only on the active-calls gauge (one series per tenant and direction that had a call on this node).
 */
@Component
public class CallMeters {
    private static final Duration[] SLO = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};
    private static final Duration[] LENGTHS = {Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30)};
    private final MeterRegistry registry;
    private final Map<String, Counter> started = new ConcurrentHashMap<>();
    private final Map<Tags, Counter> ended = new ConcurrentHashMap<>();
    private final Map<String, Timer> setup = new ConcurrentHashMap<>();
    private final Map<String, Timer> firstAudio = new ConcurrentHashMap<>();
    private final Map<String, Timer> duration = new ConcurrentHashMap<>();
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter framesLost;
    private final Counter framesLate;
    private final Counter framesDropped;
    private final DistributionSummary jitter;
    private final DistributionSummary lossRatio;

    public CallMeters(MeterRegistry registry) {
        this.registry = registry;
        String frames = "ariadne.media.frames";
        framesIn = Counter.builder(frames).tag("direction", "in").description("RTP frames received from Asterisk")
                .register(registry);
        framesOut = Counter.builder(frames).tag("direction", "out").description("RTP frames sent to Asterisk")
                .register(registry);
        framesLost = Counter.builder("ariadne.media.frames.lost").description("RTP frames from Asterisk never received")
                .register(registry);
        framesLate = Counter.builder("ariadne.media.frames.late").description("RTP frames from Asterisk out of order")
                .register(registry);
        framesDropped = Counter.builder("ariadne.media.frames.dropped")
                .description("audio frames dropped because a queue was full (agent playout or caller audio)")
                .register(registry);
        jitter = DistributionSummary.builder("ariadne.media.jitter").baseUnit("milliseconds")
                .description("each call's RFC 3550 interarrival jitter at its end")
                .serviceLevelObjectives(5, 10, 20, 30, 50, 100).register(registry);
        lossRatio = DistributionSummary.builder("ariadne.media.loss.ratio")
                .description("each call's share of RTP frames lost (0..1) at its end")
                .serviceLevelObjectives(0.001, 0.01, 0.03, 0.05, 0.1).register(registry);
    }

    /** A call was seen: an inbound channel entered Stasis, an outbound call was accepted, a Twilio call came in. */
    public void started(String direction) {
        started.computeIfAbsent(direction, d -> Counter.builder("ariadne.calls.started").tag("direction", d)
                .description("calls seen, including those rejected later").register(registry)).increment();
    }

    /** A call's record was finalized with its status and cause. */
    public void ended(String direction, String status, String cause) {
        Tags tags = Tags.of("direction", direction, "status", status, "cause", cause == null ? "none" : cause);
        ended.computeIfAbsent(tags, t -> Counter.builder("ariadne.calls.ended").tags(t)
                .description("calls ended, by status and cause").register(registry)).increment();
    }

    /** The phone leg and the agent are joined: audio flows both ways, {@code nanos} after the call began. */
    public void setUp(String direction, long nanos) {
        timer(setup, "ariadne.call.setup", direction,
                "from the call's start (StasisStart inbound, the API request outbound) until phone and agent are joined",
                SLO)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** An ended call that was up: its length, its first agent audio and its media counters. */
    public void up(String direction, long upNanos, Integer firstAudioMillis, MediaStats media) {
        timer(duration, "ariadne.call.duration", direction, "from the phone leg being up until the call ended", LENGTHS)
                .record(upNanos, TimeUnit.NANOSECONDS);
        if (firstAudioMillis != null) {
            timer(firstAudio, "ariadne.call.first.agent.audio", direction,
                    "from the phone leg being up until the first agent audio was sent to it", SLO)
                    .record(firstAudioMillis, TimeUnit.MILLISECONDS);
        }
        if (media != null) {
            framesIn.increment(media.packetsIn());
            framesOut.increment(media.packetsOut());
            framesLost.increment(media.lost());
            framesLate.increment(media.late());
            framesDropped.increment(media.dropped() + media.droppedInbound());
            jitter.record(media.jitterMillis());
            long expected = media.packetsIn() + media.lost();
            if (expected > 0) {
                lossRatio.record((double) media.lost() / expected);
            }
        }
    }

    /**
     * The gauge of calls this node carries for a tenant in one direction, registered once per pair; {@code count}
     * is read at each scrape.
     */
    public <T> void active(String direction, UUID tenantId, T source, java.util.function.ToDoubleFunction<T> count) {
        registry.gauge("ariadne.calls.active", Tags.of("direction", direction, "tenant",
                tenantId == null ? "none" : tenantId.toString()), source, count);
    }

    private Timer timer(Map<String, Timer> cache, String name, String direction, String description,
            Duration[] buckets) {
        return cache.computeIfAbsent(direction, d -> Timer.builder(name).tag("direction", d).description(description)
                .serviceLevelObjectives(buckets).register(registry));
    }
}
