package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.ami.AmiMessage;
import dev.ariadne.trunk.Trunk;
import dev.ariadne.trunk.TrunkCheckReport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How Asterisk's registration list and Ariadne's own REGISTER become a trunk's registration state. */
class RegistrationStateTests {

    @Test
    void asterisksListIsReadByRegistrationId() {
        List<AmiMessage> answer = List.of(
                new AmiMessage(Map.of("Response", "Success", "EventList", "start")),
                new AmiMessage(Map.of("Event", "OutboundRegistrationDetail", "ObjectName", "a-reg", "Status", "Registered")),
                new AmiMessage(Map.of("Event", "OutboundRegistrationDetail", "ObjectName", "b-reg", "Status", "Rejected")),
                new AmiMessage(Map.of("Event", "OutboundRegistrationDetail", "ObjectName", "c-reg")));
        assertThat(RegistrationMonitor.statuses(answer))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a-reg", "Registered", "b-reg", "Rejected", "c-reg", "Unregistered"));
    }

    @Test
    void credentialsRefusedAfterTheChallengeAreRejectedWithTheStatus() {
        Trunk.Registration r = RegistrationMonitor.explain(report("auth_failed", 403, "Forbidden after answering"));
        assertThat(r.status()).isEqualTo("rejected");
        assertThat(r.sipStatus()).isEqualTo(403);
        assertThat(r.detail()).isEqualTo("Forbidden after answering");
    }

    @Test
    void aServerFailureOrNoAnswerIsRetryingAndAnotherRefusalIsRejected() {
        assertThat(RegistrationMonitor.explain(report("rejected", 503, "h")).status()).isEqualTo("retrying");
        assertThat(RegistrationMonitor.explain(report("rejected", 408, "h")).status()).isEqualTo("retrying");
        assertThat(RegistrationMonitor.explain(report("timeout", null, "h")).status()).isEqualTo("retrying");
        Trunk.Registration notFound = RegistrationMonitor.explain(report("rejected", 404, "unknown user"));
        assertThat(notFound.status()).isEqualTo("rejected");
        assertThat(notFound.sipStatus()).isEqualTo(404);
    }

    @Test
    void aCheckThatRegistersWhileAsteriskWasRefusedIsRetrying() {
        Trunk.Registration r = RegistrationMonitor.explain(report("ok", 200, null));
        assertThat(r.status()).isEqualTo("retrying");
        assertThat(r.sipStatus()).isNull();
    }

    @Test
    void aRoundTripIsStoredWhenItAppearsVanishesOrMovesNoticeably() {
        assertThat(ContactRoundTrips.changed(null, 3.0)).isTrue();
        assertThat(ContactRoundTrips.changed(3.0, null)).isTrue();
        assertThat(ContactRoundTrips.changed(null, null)).isFalse();
        assertThat(ContactRoundTrips.changed(3.0, 4.5)).as("1.5 ms: jitter").isFalse();
        assertThat(ContactRoundTrips.changed(30.0, 34.0)).as("13 %").isFalse();
        assertThat(ContactRoundTrips.changed(30.0, 40.0)).isTrue();
        assertThat(ContactRoundTrips.millis(new AmiMessage(Map.of("Status", "Reachable", "RoundtripUsec", "2834"))))
                .contains(2.83);
        assertThat(ContactRoundTrips.millis(new AmiMessage(Map.of("Status", "Unreachable", "RoundtripUsec", "N/A"))))
                .isEmpty();
    }

    private static TrunkCheckReport report(String result, Integer status, String hint) {
        return new TrunkCheckReport(false, "h", 5060, "udp", "127.0.0.1:1", List.of("192.0.2.1"), true, 1.0,
                new TrunkCheckReport.Step("ok", 200, "OK"),
                new TrunkCheckReport.Registration(result, status, null, true), hint == null ? List.of() : List.of(hint), null);
    }
}
