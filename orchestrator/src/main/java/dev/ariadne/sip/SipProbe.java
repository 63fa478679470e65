package dev.ariadne.sip;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.publisher.Mono;

/**
 * The two requests a trunk check sends, on one flow: OPTIONS (is anything there, and how far) and REGISTER with
 * {@code Expires: 0} for a contact of its own, answering one digest challenge. Expires 0 proves the credentials
 * without leaving a binding at the carrier, so a check never displaces the registration Asterisk holds for a live
 * trunk.
 */
public final class SipProbe {
    private static final String USER_AGENT = "Ariadne-trunk-check";
    private final Duration timeout;

    public SipProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** Where requests go: the trunk's host (as its URIs name it), port and transport. */
    public record Target(String host, int port, String transport) {
        String uri(String user) {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "sip:" + (user == null ? "" : user + "@") + h + ":" + port
                    + (transport.equals("udp") ? "" : ";transport=" + transport);
        }

        String aor(String user) {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "sip:" + user + "@" + h;
        }
    }

    /** What a REGISTER got: the first final response, and the one after answering its challenge, if any. */
    public record Registration(SipTransaction.Result first, SipTransaction.Result afterChallenge, String problem) {
        /** The response that decides the outcome. */
        public SipTransaction.Result last() {
            return afterChallenge != null ? afterChallenge : first;
        }

        public boolean challenged() {
            return first.response().status() == 401 || first.response().status() == 407;
        }
    }

    public Mono<SipTransaction.Result> options(SipFlow flow, Target target, String fromUser) {
        String callId = callId();
        String tag = tag();
        return SipTransaction.run(flow, branch -> request("OPTIONS", target.uri(null), flow, branch,
                "<" + target.aor(fromUser) + ">;tag=" + tag, "<" + target.uri(null) + ">", callId, 1,
                "<sip:" + fromUser + "@" + flow.local() + contactTransport(flow) + ">", "Accept: application/sdp\r\n"),
                timeout);
    }

    public Mono<Registration> register(SipFlow flow, Target target, String user, String password) {
        String callId = callId();
        String tag = tag();
        String requestUri = target.uri(null);
        String from = "<" + target.aor(user) + ">;tag=" + tag;
        String to = "<" + target.aor(user) + ">";
        String contact = "<sip:" + user + "@" + flow.local() + contactTransport(flow) + ">";
        return SipTransaction.run(flow, b -> request("REGISTER", requestUri, flow, b, from, to, callId, 1, contact,
                        "Expires: 0\r\n"), timeout)
                .flatMap(first -> {
                    int status = first.response().status();
                    if (status != 401 && status != 407) {
                        return Mono.just(new Registration(first, null, null));
                    }
                    String header = first.response().header(status == 401 ? "www-authenticate" : "proxy-authenticate");
                    DigestChallenge challenge;
                    try {
                        challenge = DigestChallenge.parse(header == null ? "" : header);
                    } catch (IllegalArgumentException e) {
                        return Mono.just(new Registration(first, null, "the carrier's challenge: " + e.getMessage()));
                    }
                    if (!challenge.supported()) {
                        return Mono.just(new Registration(first, null,
                                "the carrier asks for digest algorithm " + challenge.algorithm()
                                        + ", which the check does not speak (MD5 and SHA-256 only)"));
                    }
                    String auth = (status == 401 ? "Authorization: " : "Proxy-Authorization: ")
                            + challenge.answer("REGISTER", requestUri, user, password == null ? "" : password,
                                    Long.toHexString(ThreadLocalRandom.current().nextLong()), 1)
                            + "\r\n";
                    return SipTransaction.run(flow, b -> request("REGISTER", requestUri, flow, b, from, to, callId, 2,
                                    contact, "Expires: 0\r\n" + auth), timeout)
                            .map(second -> new Registration(first, second, null));
                });
    }

    private static String contactTransport(SipFlow flow) {
        return flow.reliable() ? ";transport=" + flow.viaTransport().toLowerCase(java.util.Locale.ROOT) : "";
    }

    private static String request(String method, String uri, SipFlow flow, String branch, String from, String to,
            String callId, int cseq, String contact, String extra) {
        return method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + flow.viaTransport() + " " + flow.local() + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: " + contact + "\r\n"
                + extra
                + "User-Agent: " + USER_AGENT + "\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String callId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + "@ariadne-check";
    }

    private static String tag() {
        return Integer.toHexString(ThreadLocalRandom.current().nextInt() & Integer.MAX_VALUE);
    }
}
