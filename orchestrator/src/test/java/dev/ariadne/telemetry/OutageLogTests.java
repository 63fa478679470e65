package dev.ariadne.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageLogTests {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private OutageLog outage;

    @BeforeEach
    void setUp() {
        Logger logger = (Logger) LoggerFactory.getLogger("outage-test-" + System.nanoTime());
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        outage = new OutageLog(logger, "ARI events WebSocket to http://asterisk:8088/", Duration.ofSeconds(30), clock);
    }

    private List<String> logged() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void eachFailedAttemptIsOneWarnLineWithTheReasonAndTheNextRetryAndNoStackTrace() {
        outage.failed("Connection refused: /10.0.0.5:8088", Duration.ofMillis(200));
        now = now.plusSeconds(1);
        outage.failed("Connection refused: /10.0.0.5:8088", Duration.ofMillis(400));
        assertThat(logged()).containsExactly(
                "WARN ARI events WebSocket to http://asterisk:8088/ unavailable (Connection refused: /10.0.0.5:8088);"
                        + " down for 0 s, attempt 1, next in 200 ms",
                "WARN ARI events WebSocket to http://asterisk:8088/ unavailable (Connection refused: /10.0.0.5:8088);"
                        + " down for 1 s, attempt 2, next in 400 ms");
        assertThat(lines.list).allMatch(e -> e.getThrowableProxy() == null);
    }

    @Test
    void anOutagePastTheThresholdGetsExactlyOneErrorLine() {
        for (int i = 0; i < 20; i++) {
            outage.failed("Connection refused", Duration.ofSeconds(2));
            now = now.plusSeconds(2);
        }
        assertThat(logged()).filteredOn(l -> l.startsWith("ERROR")).containsExactly(
                "ERROR ARI events WebSocket to http://asterisk:8088/ has been down for 30 s (16 attempts): Connection refused");
        assertThat(logged()).filteredOn(l -> l.startsWith("WARN")).hasSize(20);
    }

    @Test
    void theEndOfAnOutageIsOneInfoLineWithItsLengthAndANewOutageStartsAfresh() {
        outage.recovered();
        assertThat(logged()).as("nothing when there was no outage").isEmpty();
        outage.failed("Connection refused", Duration.ofSeconds(1));
        now = now.plusSeconds(45);
        outage.failed("Connection refused", Duration.ofSeconds(1));
        outage.recovered();
        assertThat(outage.down()).isFalse();
        assertThat(logged().getLast()).isEqualTo(
                "INFO ARI events WebSocket to http://asterisk:8088/ available again after 45 s (2 failed attempts)");
        lines.list.clear();
        outage.failed("Connection reset", Duration.ofSeconds(1));
        assertThat(logged()).containsExactly("WARN ARI events WebSocket to http://asterisk:8088/ unavailable"
                + " (Connection reset); down for 0 s, attempt 1, next in 1000 ms");
    }

    @Test
    void aPeriodicPassThatKeepsFailingSaysFailingWithoutARetryAndWorksAgainWhenItSucceeds() {
        for (int i = 0; i < 4; i++) {
            outage.failed("R2dbcNonTransientResourceException: Connection refused");
            now = now.plusSeconds(10);
        }
        outage.recovered();
        assertThat(logged()).containsExactly(
                "WARN ARI events WebSocket to http://asterisk:8088/ failed (R2dbcNonTransientResourceException:"
                        + " Connection refused); failing for 0 s, attempt 1",
                "WARN ARI events WebSocket to http://asterisk:8088/ failed (R2dbcNonTransientResourceException:"
                        + " Connection refused); failing for 10 s, attempt 2",
                "WARN ARI events WebSocket to http://asterisk:8088/ failed (R2dbcNonTransientResourceException:"
                        + " Connection refused); failing for 20 s, attempt 3",
                "WARN ARI events WebSocket to http://asterisk:8088/ failed (R2dbcNonTransientResourceException:"
                        + " Connection refused); failing for 30 s, attempt 4",
                "ERROR ARI events WebSocket to http://asterisk:8088/ has been failing for 30 s (4 attempts):"
                        + " R2dbcNonTransientResourceException: Connection refused",
                "INFO ARI events WebSocket to http://asterisk:8088/ works again after 40 s (4 failed attempts)");
    }
}
