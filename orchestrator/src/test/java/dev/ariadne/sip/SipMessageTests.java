package dev.ariadne.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipMessageTests {
    private static final String CHALLENGE = "SIP/2.0 401 Unauthorized\r\n"
            + "v: SIP/2.0/UDP 10.0.0.1:5060;rport=5060;received=10.0.0.1;branch=z9hG4bKabc\r\n"
            + "Call-ID: x@y\r\n"
            + "WWW-Authenticate: Digest realm=\"asterisk\",nonce=\"1700000000/abc\",opaque=\"0f3a\",\r\n"
            + " algorithm=MD5,qop=\"auth\"\r\n"
            + "Content-Length: 0\r\n\r\n";

    @Test
    void aResponseIsParsedWithCompactAndFoldedHeaders() {
        SipResponse r = SipResponse.parse(CHALLENGE);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.reason()).isEqualTo("Unauthorized");
        assertThat(r.branch()).isEqualTo("z9hG4bKabc");
        assertThat(r.header("CALL-ID")).isEqualTo("x@y");
        assertThat(r.header("www-authenticate")).endsWith("algorithm=MD5,qop=\"auth\"");
    }

    @Test
    void aRequestOrGarbageIsNotAResponse() {
        assertThatThrownBy(() -> SipResponse.parse("OPTIONS sip:a SIP/2.0\r\n\r\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipResponse.parse("SIP/2.0 9999 Odd\r\n\r\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDigestAnswerMatchesRfc2617sWorkedExample() {
        // RFC 2617 section 3.5: the same computation with method GET and an HTTP URI.
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\","
                + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
        String answer = c.answer("GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", 1);
        assertThat(answer).contains("response=\"6629fae49393a05397450978507c4ef1\"")
                .contains("nc=00000001").contains("cnonce=\"0a4f113b\"")
                .contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
    }

    @Test
    void aChallengeWithoutQopIsAnsweredTheRfc2069Way() {
        DigestChallenge c = DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\"");
        assertThat(c.qopAuth()).isFalse();
        assertThat(c.answer("REGISTER", "sip:h", "u", "p", "c", 1)).doesNotContain("qop").doesNotContain("cnonce");
    }

    @Test
    void sha256IsSpokenAndOtherAlgorithmsAreNot() {
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256").supported()).isTrue();
        assertThat(DigestChallenge.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256").supported())
                .isFalse();
        assertThatThrownBy(() -> DigestChallenge.parse("Basic realm=\"r\"")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTcpStreamIsSplitIntoMessagesByContentLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new SipFlow.Framer());
        String withBody = "SIP/2.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        String second = "SIP/2.0 404 Not Found\r\nl: 0\r\n\r\n";
        byte[] all = ("\r\n\r\n" + withBody + second).getBytes(StandardCharsets.UTF_8);
        ch.writeInbound(Unpooled.wrappedBuffer(all, 0, 20));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(all, 20, all.length - 20));
        assertThat((String) ch.readInbound()).isEqualTo(withBody);
        assertThat((String) ch.readInbound()).isEqualTo(second);
    }
}
