package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.media.MediaStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallMetersTests {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CallMeters meters = new CallMeters(registry);

    @Test
    void endedCallsAreCountedByDirectionStatusAndCause() {
        meters.started("inbound");
        meters.started("inbound");
        meters.started("outbound");
        meters.ended("inbound", "completed", "caller_hangup");
        meters.ended("inbound", "completed", "caller_hangup");
        meters.ended("inbound", "rejected", null);

        assertThat(registry.get("ariadne.calls.started").tag("direction", "inbound").counter().count()).isEqualTo(2);
        assertThat(registry.get("ariadne.calls.started").tag("direction", "outbound").counter().count()).isEqualTo(1);
        assertThat(registry.get("ariadne.calls.ended").tags("status", "completed", "cause", "caller_hangup")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("ariadne.calls.ended").tags("status", "rejected", "cause", "none").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aCallThatWasUpAddsItsLengthFirstAudioAndMediaCounters() {
        meters.up("inbound", TimeUnit.SECONDS.toNanos(30), 180, new MediaStats(1000, 990, 10, 3, 4.5, 2, 1, 0, "slin16"));
        meters.up("inbound", TimeUnit.SECONDS.toNanos(10), null, new MediaStats(500, 500, 0, 0, 1.5, 0, 0, 0, "slin16"));

        assertThat(registry.get("ariadne.media.frames").tag("direction", "in").counter().count()).isEqualTo(1500);
        assertThat(registry.get("ariadne.media.frames").tag("direction", "out").counter().count()).isEqualTo(1490);
        assertThat(registry.get("ariadne.media.frames.lost").counter().count()).isEqualTo(10);
        assertThat(registry.get("ariadne.media.frames.late").counter().count()).isEqualTo(3);
        assertThat(registry.get("ariadne.media.frames.dropped").counter().count()).isEqualTo(3);
        assertThat(registry.get("ariadne.media.jitter").summary().max()).isEqualTo(4.5);
        assertThat(registry.get("ariadne.media.loss.ratio").summary().max()).isEqualTo(10.0 / 1010);
        var duration = registry.get("ariadne.call.duration").tag("direction", "inbound").timer();
        assertThat(duration.count()).isEqualTo(2);
        assertThat(duration.totalTime(TimeUnit.SECONDS)).isEqualTo(40);
        var first = registry.get("ariadne.call.first.agent.audio").timer();
        assertThat(first.count()).as("only the call that had agent audio").isEqualTo(1);
        assertThat(first.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(180);
    }

    @Test
    void theActiveGaugeOfATenantIsReadFromItsSourceAtEachScrape() {
        UUID tenant = UUID.randomUUID();
        AtomicInteger calls = new AtomicInteger(2);
        meters.active("inbound", tenant, calls, AtomicInteger::get);
        meters.active("inbound", tenant, calls, AtomicInteger::get); // the same series again: one gauge
        var gauge = registry.get("ariadne.calls.active").tags("direction", "inbound", "tenant", tenant.toString()).gauge();
        assertThat(gauge.value()).isEqualTo(2);
        calls.set(0);
        assertThat(gauge.value()).isZero();
        assertThat(registry.find("ariadne.calls.active").gauges()).hasSize(1);
    }

    @Test
    void setUpIsATimerByDirection() {
        meters.setUp("outbound", TimeUnit.MILLISECONDS.toNanos(120));
        assertThat(registry.get("ariadne.call.setup").tag("direction", "outbound").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(120);
    }
}
