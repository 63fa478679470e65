package dev.ariadne.provisioning;

import dev.ariadne.trunk.Trunk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identify rows that make Asterisk pick a trunk's endpoint by the number dialled, whatever address the call
 * comes from: Asterisk's {@code request_uri} identifier matches {@code match_request_uri} against the INVITE's
 * Request-URI, its {@code header} identifier {@code match_header} against the To header. Both run before the
 * {@code ip} identifier (pjsip.conf's {@code endpoint_identifier_order}), so two trunks allowing the same carrier
 * address no longer compete for a call: the number names its trunk. Whether the caller may use that trunk is the
 * orchestrator's check (source address or registration), made on every call.
 *
 * <p>The patterns accept the user forms {@code PhoneNumber.normalize} accepts: {@code +15551234567},
 * {@code 15551234567} and {@code 0015551234567}. Numbers are packed into as few rows as the columns allow
 * (Asterisk's schema: {@code VARCHAR(255)}), about 13 numbers a row: Asterisk runs one POSIX regex per row and
 * request, so fewer rows is less work per INVITE.
 */
final class NumberIdentifies {
    static final int COLUMN_LENGTH = 255;
    private static final String URI_HEAD = "/^sips?:(\\+|00)?(";
    private static final String HEADER_HEAD = "To: /sips?:(\\+|00)?(";
    private static final String TAIL = ")@/";

    private NumberIdentifies() {}

    static String rowId(String endpointId, int index) {
        return endpointId + "-did" + index;
    }

    /**
     * Rows for the numbers (E.164) routed to the trunk whose endpoint is {@code endpointId}; none for no numbers.
     * They identify calls as the trunk's inbound endpoint ({@link Trunk#inboundEndpointId}), whose ACL lets in only
     * the trunk's allowedIps.
     */
    static List<PjsipRow> rows(String endpointId, List<String> e164s) {
        List<PjsipRow> rows = new ArrayList<>();
        for (List<String> group : groups(e164s)) {
            String alternatives = String.join("|", group);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("id", rowId(endpointId, rows.size()));
            row.put("endpoint", Trunk.inboundEndpointId(endpointId));
            row.put("match_request_uri", URI_HEAD + alternatives + TAIL);
            row.put("match_header", HEADER_HEAD + alternatives + TAIL);
            rows.add(new PjsipRow("ps_endpoint_id_ips", row));
        }
        return rows;
    }

    /** Digits of each number, in groups whose longest pattern (the header's) fits the column. */
    static List<List<String>> groups(List<String> e164s) {
        int room = COLUMN_LENGTH - HEADER_HEAD.length() - TAIL.length();
        List<List<String>> groups = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int used = 0;
        for (String e164 : e164s.stream().sorted().toList()) {
            String digits = e164.startsWith("+") ? e164.substring(1) : e164;
            if (!digits.chars().allMatch(Character::isDigit) || digits.isEmpty()) {
                throw new IllegalArgumentException("not an E.164 number: " + e164);
            }
            int need = digits.length() + (current.isEmpty() ? 0 : 1);
            if (used + need > room) {
                groups.add(current);
                current = new ArrayList<>();
                need = digits.length();
                used = 0;
            }
            current.add(digits);
            used += need;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }
}
