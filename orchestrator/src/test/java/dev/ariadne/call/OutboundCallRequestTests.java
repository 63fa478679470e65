package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ariadne.common.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundCallRequestTests {

    static OutboundCallRequest request(String to, String from, Integer ring) {
        return new OutboundCallRequest(to, from, null, null, ring, null);
    }

    @Test
    void numbersAreNormalizedAndSipUrisKeptWithTheirParts() {
        assertThat(request("15551234567", "+15550001111", null).validated().to()).isEqualTo("+15551234567");
        assertThat(request("0015551234567", "+15550001111", null).validated().to()).isEqualTo("+15551234567");
        OutboundCallRequest sip = request("sip:alice@carrier.example:5060;transport=udp", "+15550001111", 30).validated();
        assertThat(sip.to()).isEqualTo("sip:alice@carrier.example:5060;transport=udp");
        assertThat(sip.sipTarget()).isEqualTo(new OutboundCallRequest.SipTarget("alice", "carrier.example"));
        assertThat(request("+15551234567", "+15550001111", null).validated().sipTarget()).isNull();
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        assertThatThrownBy(() -> request("call me", "5550001111", 4).validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field())
                        .containsExactly("to", "from", "ringTimeoutSeconds"));
        assertThatThrownBy(() -> request(null, null, 121).validated())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations()).hasSize(3));
    }

    @Test
    void aSipUserThatCouldBreakTheDialStringIsRefused() {
        for (String bad : new String[] {"sip:a@b@c", "sip:a/b@host", "sip:a,b@host", "sip:a&b@host", "sip:@host", "sip:alice"}) {
            assertThatThrownBy(() -> request(bad, "+15550001111", null).validated()).as(bad)
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void theDigestTellsARetryFromADifferentRequest() {
        String a = new OutboundCallRequest("+15551234567", "+15550001111", null, null, 30, Map.of("x", 1, "y", 2))
                .validated().digest();
        String same = new OutboundCallRequest("15551234567", "+15550001111", null, null, 30, Map.of("y", 2, "x", 1))
                .validated().digest();
        String other = new OutboundCallRequest("+15551234568", "+15550001111", null, null, 30, Map.of("x", 1, "y", 2))
                .validated().digest();
        assertThat(same).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }
}
