package dev.ariadne.twilio.web;

import dev.ariadne.call.CallRecord;
import dev.ariadne.call.TwilioCalls;
import dev.ariadne.common.NotFoundException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import reactor.core.publisher.Mono;

/**
 * The part of Twilio's Calls API that agents written for Twilio use to end or send on their call, served for
 * Ariadne's own calls: {@code POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json} with the
 * {@code accountSid} and {@code callSid} Ariadne sent in the agent's {@code start}, authenticated with HTTP basic
 * auth ({@code AccountSid} and the agent's token). Served: {@code Status=completed} or {@code canceled} (the call
 * ends), {@code Twiml} holding {@code <Hangup/>} (ends) or a {@code <Dial>} to a number or SIP URI (the call is
 * transferred). Anything else ({@code Url}, other TwiML) gets Twilio's error 21220 (400).
 */
@RestController
class TwilioCompatController {
    private final TwilioCalls calls;

    TwilioCompatController(TwilioCalls calls) {
        this.calls = calls;
    }

    @PostMapping(path = "/2010-04-01/Accounts/{accountSid}/Calls/{callSid}.json",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> update(@PathVariable String accountSid, @PathVariable String callSid,
            ServerWebExchange exchange) {
        String resource = exchange.getRequest().getPath().value();
        Optional<UUID> tenant = uuid(accountSid);
        Optional<UUID> call = uuid(callSid);
        if (tenant.isEmpty() || call.isEmpty()) {
            return Mono.just(error(HttpStatus.NOT_FOUND, 20404, "The requested resource " + resource + " was not found"));
        }
        String password = basicPassword(exchange, accountSid);
        return calls.agentToken(tenant.get(), call.get())
                .flatMap(token -> {
                    if (password == null || token.isEmpty() || !MessageDigest.isEqual(
                            token.get().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
                        return Mono.just(error(HttpStatus.UNAUTHORIZED, 20003, "Authenticate"));
                    }
                    return exchange.getFormData().flatMap(form -> apply(tenant.get(), call.get(), form.getFirst("Status"),
                            form.getFirst("Twiml"), form.getFirst("Url"), resource));
                })
                .onErrorResume(NotFoundException.class, e -> Mono.just(error(HttpStatus.NOT_FOUND, 20404,
                        "The requested resource " + resource + " was not found")));
    }

    private Mono<ResponseEntity<Map<String, Object>>> apply(UUID tenant, UUID call, String status, String twiml,
            String url, String resource) {
        if (url != null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, 21220, "Url is not served by Ariadne: send Twiml instead"));
        }
        if ("completed".equals(status) || "canceled".equals(status)) {
            return calls.agentEnd(tenant, call).map(r -> ok(r, resource));
        }
        if (status != null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, 21220, "Status must be completed or canceled"));
        }
        if (twiml == null) {
            return Mono.just(error(HttpStatus.BAD_REQUEST, 21220, "Status or Twiml is required"));
        }
        Instruction i = instruction(twiml);
        return switch (i.verb()) {
            case "hangup" -> calls.agentEnd(tenant, call).map(r -> ok(r, resource));
            case "dial" -> calls.agentRedirect(tenant, call, i.target()).map(r -> ok(r, resource));
            default -> Mono.just(error(HttpStatus.BAD_REQUEST, 21220, "Twiml must hold <Hangup/> or a <Dial> to a number"
                    + " or SIP URI; " + i.target()));
        };
    }

    /** What a TwiML document asks for: {@code hangup}, {@code dial} (with its target) or {@code unsupported}. */
    record Instruction(String verb, String target) {}

    static Instruction instruction(String twiml) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no entities, no XXE
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(twiml)));
        } catch (Exception e) {
            return new Instruction("unsupported", "the TwiML is not well-formed XML");
        }
        Element root = doc.getDocumentElement();
        if (!"Response".equals(root.getTagName())) {
            return new Instruction("unsupported", "the root element is not <Response>");
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            switch (e.getTagName()) {
                case "Hangup" -> {
                    return new Instruction("hangup", null);
                }
                case "Dial" -> {
                    String target = dialTarget(e);
                    return target == null ? new Instruction("unsupported", "the <Dial> names no number or SIP URI")
                            : new Instruction("dial", target);
                }
                default -> {
                    return new Instruction("unsupported", "<" + e.getTagName() + "> is not served");
                }
            }
        }
        return new Instruction("unsupported", "the <Response> is empty");
    }

    private static String dialTarget(Element dial) {
        for (String tag : new String[] {"Number", "Sip"}) {
            NodeList l = dial.getElementsByTagName(tag);
            if (l.getLength() > 0) {
                return l.item(0).getTextContent().strip();
            }
        }
        String text = dial.getTextContent().strip();
        return text.isEmpty() ? null : text;
    }

    private static ResponseEntity<Map<String, Object>> ok(CallRecord r, String resource) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("sid", r.id().toString());
        call.put("account_sid", r.tenantId().toString());
        call.put("from", r.from());
        call.put("to", r.to());
        call.put("direction", "outbound".equals(r.direction()) ? "outbound-api" : "inbound");
        call.put("status", r.active() ? "in-progress" : "completed");
        call.put("uri", resource);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(call);
    }

    private static ResponseEntity<Map<String, Object>> error(HttpStatus status, int code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        e.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        e.put("status", status.value());
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Twilio API\"");
        }
        return response.body(e);
    }

    /** The basic-auth password, when the user is the account SID of the path. */
    private static String basicPassword(ServerWebExchange exchange, String accountSid) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon < 0 || !decoded.substring(0, colon).equals(accountSid) ? null : decoded.substring(colon + 1);
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
