package dev.ariadne.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.call.CallMeters;
import dev.ariadne.cluster.ClusterProperties;
import dev.ariadne.support.ApiTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code /actuator/prometheus} serves Ariadne's meters in the text format, and the same meters go to OpenTelemetry. */
@ApiTest
class MetricsEndpointTests {
    @Autowired
    WebTestClient web;

    @Autowired
    CallMeters calls;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ClusterProperties cluster;

    @Test
    void prometheusScrapeHasTheCallMetersWithTheNodeLabel() {
        calls.ended("inbound", "rejected", "unknown_number");
        calls.ended("inbound", "rejected", "unknown_number");
        String body = scrape();
        String node = "node=\"" + cluster.nodeId() + "\"";
        assertThat(body)
                .contains("# TYPE ariadne_calls_ended_total counter")
                .containsPattern("ariadne_calls_ended_total\\{[^}]*cause=\"unknown_number\"[^}]*direction=\"inbound\"[^}]*"
                        + node + "[^}]*status=\"rejected\"[^}]*} [2-9]")
                .contains("ariadne_media_frames_total{direction=\"in\"," + node + "}")
                .contains("ariadne_provisioning_pending{" + node + "}")
                .contains("ariadne_provisioning_lag_seconds_count{" + node + "}");
    }

    @Test
    void theSameMetersAreBridgedToOpenTelemetryForOtlpExport() {
        assertThat(registry).isInstanceOf(CompositeMeterRegistry.class);
        assertThat(((CompositeMeterRegistry) registry).getRegistries())
                .extracting(r -> r.getClass().getSimpleName())
                .contains("PrometheusMeterRegistry", "OpenTelemetryMeterRegistry");
    }

    private String scrape() {
        return web.get().uri("/actuator/prometheus").accept(MediaType.TEXT_PLAIN).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
