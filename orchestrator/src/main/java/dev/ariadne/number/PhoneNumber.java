package dev.ariadne.number;

import java.time.Instant;
import java.util.UUID;

/**
 * A DID the tenant owns: calls to it go to {@code agentId}, arriving on trunk {@code trunkId} (source
 * {@code trunk}) or through Twilio, where the number stays ({@code twilio}: its IncomingPhoneNumber
 * {@code twilioNumberSid}).
 */
public record PhoneNumber(UUID id, UUID tenantId, String e164, UUID trunkId, UUID agentId, Instant createdAt,
        Instant updatedAt, String source, String twilioNumberSid) {
    public static final String TRUNK = "trunk";
    public static final String TWILIO = "twilio";

    public boolean onTwilio() {
        return TWILIO.equals(source);
    }

    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9]\\d{1,14}");

    public static boolean isE164(String s) {
        return s != null && E164.matcher(s).matches();
    }

    /**
     * The E.164 form of a dialled number as a carrier sends it: "+15551234567", "15551234567" or
     * "0015551234567"; null when it cannot be one.
     */
    public static String normalize(String dialled) {
        if (dialled == null) {
            return null;
        }
        String d = dialled.strip();
        if (d.startsWith("00")) {
            d = "+" + d.substring(2);
        } else if (!d.startsWith("+")) {
            d = "+" + d;
        }
        return isE164(d) ? d : null;
    }
}
