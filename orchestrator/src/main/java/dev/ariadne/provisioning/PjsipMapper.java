package dev.ariadne.provisioning;

import dev.ariadne.edge.EdgeProperties;
import dev.ariadne.trunk.Trunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a trunk into the PJSIP realtime rows Asterisk reads: endpoint, aor, auth, identify (one per allowed
 * IP or CIDR, and the trunk's numbers, see {@link NumberIdentifies}) and outbound registration. A trunk that
 * registers gets a second endpoint, {@code <endpoint>-line}, with the same media settings: its registration's
 * {@code line} points calls on the registration at it, so the orchestrator can tell a call that arrived on the
 * registration from one that merely dialled the trunk's number. A disabled trunk maps to no rows, so Asterisk
 * takes no call on it.
 */
final class PjsipMapper {
    static final String DENY_ALL = "0.0.0.0/0,::/0";
    private final ProvisioningProperties props;
    private final EdgeProperties edge;

    PjsipMapper(ProvisioningProperties props) {
        this(props, EdgeProperties.none());
    }

    PjsipMapper(ProvisioningProperties props, EdgeProperties edge) {
        this.props = props;
        this.edge = edge;
    }

    static String authId(String endpointId) {
        return endpointId + "-auth";
    }

    static String registrationId(String endpointId) {
        return endpointId + "-reg";
    }

    /** @param numbers the E.164 numbers routed to the trunk */
    List<PjsipRow> rows(Trunk t, String password, List<String> numbers) {
        if (!t.enabled()) {
            return List.of();
        }
        String id = t.endpointId();
        String transport = props.transportPrefix() + t.transport();
        boolean hasAuth = t.username() != null && password != null && !password.isEmpty();
        List<PjsipRow> rows = new ArrayList<>();

        Map<String, String> aor = new LinkedHashMap<>();
        aor.put("id", id);
        aor.put("contact", uri(t, null));
        aor.put("qualify_frequency", Integer.toString(props.qualifyFrequency()));
        aor.put("max_contacts", "1");
        rows.add(new PjsipRow("ps_aors", aor));

        if (hasAuth) {
            Map<String, String> auth = new LinkedHashMap<>();
            auth.put("id", authId(id));
            auth.put("auth_type", "userpass");
            auth.put("username", t.username());
            auth.put("password", password);
            rows.add(new PjsipRow("ps_auths", auth));
        }

        Map<String, String> ep = new LinkedHashMap<>();
        ep.put("id", id);
        ep.put("transport", transport);
        ep.put("aors", id);
        if (hasAuth) {
            ep.put("outbound_auth", authId(id));
        }
        // Calls that arrive on an outbound-only trunk still land in the dialplan, which hands them to the
        // orchestrator; it rejects them with a recorded reason rather than leaving the carrier unanswered.
        ep.put("context", props.inboundContext());
        ep.put("disallow", "all");
        ep.put("allow", String.join(",", t.codecs()));
        ep.put("dtmf_mode", t.dtmfMode());
        ep.put("direct_media", "no");
        ep.put("rtp_symmetric", "yes");
        ep.put("force_rport", "yes");
        ep.put("rewrite_contact", "yes");
        ep.put("rtp_timeout", Integer.toString(props.rtpTimeout()));
        // Informational for these identifiers (only the username identifiers consult it).
        ep.put("identify_by", "ip,header,request_uri");
        // The tenant rides on every channel of this endpoint (CHANNEL(accountcode), ARI's channel.accountcode).
        ep.put("accountcode", t.tenantId().toString());
        ep.put("media_encryption", switch (t.mediaEncryption()) {
            case "sdes" -> "sdes";
            case "dtls" -> "dtls";
            default -> "no";
        });
        if (!t.mediaEncryption().equals("none")) {
            // Required, not optimistic: a call whose media cannot be encrypted fails instead of going in the clear.
            ep.put("media_encryption_optimistic", "no");
        }
        if (t.mediaEncryption().equals("dtls")) {
            ep.put("dtls_auto_generate_cert", "yes");
            ep.put("dtls_setup", "actpass");
            // The peer's certificate is self-signed (as is ours): what binds it is the SDP's a=fingerprint, which
            // Asterisk checks against the DTLS handshake (dtls_verify=fingerprint); it is as safe as the signalling (TLS).
            ep.put("dtls_verify", "fingerprint");
            ep.put("dtls_fingerprint", "SHA-256");
        }
        // Outbound calls: the caller id (the tenant's number, set by the orchestrator on the channel) goes in
        // P-Asserted-Identity, and in From unless the trunk names its own from_user (a carrier account).
        ep.put("send_pai", "yes");
        ep.put("trust_id_outbound", "yes");
        // No connected-line updates: with send_pai, each bridge change (the agent's media joining at answer) made
        // Asterisk re-INVITE the carrier mid-call just to send an identity it already has; peers that do not expect
        // a re-INVITE (sipp's uac_pcap, the README's test call) dropped the call.
        ep.put("send_connected_line", "no");
        if (t.fromUser() != null) {
            ep.put("from_user", t.fromUser());
        }
        if (t.fromDomain() != null) {
            ep.put("from_domain", t.fromDomain());
        }
        rows.add(new PjsipRow("ps_endpoints", ep));
        boolean registers = t.register() && t.username() != null;
        if (registers) {
            Map<String, String> line = new LinkedHashMap<>(ep);
            line.put("id", Trunk.lineEndpointId(id));
            line.remove("aors"); // inbound only: dialling and qualify use the trunk's own endpoint
            rows.add(new PjsipRow("ps_endpoints", line));
        }

        rows.add(new PjsipRow("ps_endpoints", inbound(ep, t)));

        for (int i = 0; i < t.allowedIps().size(); i++) {
            Map<String, String> ip = new LinkedHashMap<>();
            ip.put("id", id + "-ip" + i);
            ip.put("endpoint", id);
            ip.put("match", t.allowedIps().get(i));
            ip.put("srv_lookups", "no");
            rows.add(new PjsipRow("ps_endpoint_id_ips", ip));
        }

        rows.addAll(NumberIdentifies.rows(id, numbers));

        if (registers) {
            Map<String, String> reg = new LinkedHashMap<>();
            reg.put("id", registrationId(id));
            reg.put("server_uri", uri(t, null));
            reg.put("client_uri", uri(t, t.username()));
            reg.put("contact_user", t.username());
            reg.put("transport", transport);
            if (hasAuth) {
                reg.put("outbound_auth", authId(id));
            }
            reg.put("expiration", "3600");
            reg.put("retry_interval", "30");
            reg.put("forbidden_retry_interval", "300");
            reg.put("max_retries", "100000");
            reg.put("auth_rejection_permanent", "no");
            // Asterisk otherwise waits a random 0..10 s before a new registration's first REGISTER.
            reg.put("max_random_initial_delay", "0");
            // line + endpoint: calls arriving on this registration are identified as this trunk's line endpoint.
            reg.put("line", "yes");
            reg.put("endpoint", Trunk.lineEndpointId(id));
            rows.add(new PjsipRow("ps_registrations", reg));
        }
        return List.copyOf(rows);
    }

    /**
     * The endpoint the trunk's numbers identify calls as ({@code <endpoint>-in}): the trunk's media settings and an
     * ACL of its allowedIps. A call to one of its numbers from any other address fails the ACL, and PJSIP then treats
     * it as unidentified (its artificial endpoint challenges with 401): refused before the dialplan, with no channel
     * and nothing for the orchestrator to record. With no allowedIps (a trunk that takes calls on its registration
     * only) the ACL lets nobody in by number. Its own endpoint (dialling, qualify, the in-dialog requests of outbound
     * calls, calls from its addresses to numbers no trunk has) has no ACL: the carrier's termination hosts need not
     * be among the addresses it sends calls from.
     */
    private Map<String, String> inbound(Map<String, String> trunkEndpoint, Trunk t) {
        Map<String, String> in = new LinkedHashMap<>(trunkEndpoint);
        in.put("id", Trunk.inboundEndpointId(t.endpointId()));
        in.remove("aors"); // inbound only
        // Asterisk applies deny and permit in the order of its columns (deny first): everyone out, then these in.
        in.put("deny", DENY_ALL);
        if (!t.allowedIps().isEmpty()) {
            // Behind the SIP edge every call comes from the edge: it is let in too, and the orchestrator checks the
            // carrier's address the edge forwards (X-Ariadne-Source) against allowedIps before it answers.
            List<String> permit = new ArrayList<>(t.allowedIps());
            permit.addAll(edge.addresses());
            in.put("permit", String.join(",", permit));
        }
        return in;
    }

    private static String uri(Trunk t, String user) {
        String host = t.host().contains(":") ? "[" + t.host() + "]" : t.host();
        String base = "sip:" + (user == null ? "" : user + "@") + host + ":" + t.port();
        // res_config_pgsql splits every value at ';' (several values of one field) and decodes ^XX escapes: a URI
        // parameter's ';' must be stored as ^3B, or Asterisk reads the contact "transport=tls" (seen on 22.10).
        return t.transport().equals("udp") ? base : base + "^3Btransport=" + t.transport();
    }
}
