package dev.ariadne.agent.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class HandshakeSignatureTests {
    static final String SECRET = "sig_test-secret";
    // echo -n "1764700000.call-1" | openssl dgst -sha256 -hmac "sig_test-secret"
    static final String HEADER = "t=1764700000,v1=319f6aa19567effa8d15dca9eaeefc7cd4027258328953a450007c037670e8d1";
    static final Instant SIGNED_AT = Instant.ofEpochSecond(1764700000);

    @Test
    void aSignatureMadeWithTheSecretOverTimestampAndCallIdIsValid() {
        assertThat(HandshakeSignature.verify(SECRET, HEADER, "call-1", SIGNED_AT.plusSeconds(30))).isNull();
    }

    @Test
    void anotherCallIdOrSecretDoesNotMatch() {
        assertThat(HandshakeSignature.verify(SECRET, HEADER, "call-2", SIGNED_AT)).isEqualTo("signature does not match");
        assertThat(HandshakeSignature.verify("sig_other", HEADER, "call-1", SIGNED_AT))
                .isEqualTo("signature does not match");
    }

    @Test
    void aSignatureOlderOrNewerThanFiveMinutesIsStale() {
        assertThat(HandshakeSignature.verify(SECRET, HEADER, "call-1", SIGNED_AT.plusSeconds(301))).startsWith("stale");
        assertThat(HandshakeSignature.verify(SECRET, HEADER, "call-1", SIGNED_AT.minusSeconds(301))).startsWith("stale");
        assertThat(HandshakeSignature.verify(SECRET, HEADER, "call-1", SIGNED_AT.plusSeconds(300))).isNull();
    }

    @Test
    void aMissingOrMalformedHeaderIsRefused() {
        assertThat(HandshakeSignature.verify(SECRET, null, "call-1", SIGNED_AT)).startsWith("no ");
        assertThat(HandshakeSignature.verify(SECRET, "v1=abc", "call-1", SIGNED_AT)).startsWith("malformed");
        assertThat(HandshakeSignature.verify(SECRET, "t=1764700000,v1=zz", "call-1", SIGNED_AT)).startsWith("malformed");
    }
}
