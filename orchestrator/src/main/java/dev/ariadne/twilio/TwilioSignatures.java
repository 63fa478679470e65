package dev.ariadne.twilio;

import com.twilio.security.RequestValidator;
import java.util.Map;

/**
 * Twilio's webhook signature ({@code X-Twilio-Signature}: HMAC-SHA1 over the URL Twilio requested and its sorted
 * POST parameters, keyed with the account's auth token), checked with the SDK's {@link RequestValidator}.
 */
final class TwilioSignatures {
    private TwilioSignatures() {}

    /** Whether {@code signature} is Twilio's for the request to {@code url} with {@code params}. */
    static boolean valid(String authToken, String url, Map<String, String> params, String signature) {
        if (authToken == null || url == null || signature == null || signature.isBlank()) {
            return false;
        }
        return new RequestValidator(authToken).validate(url, params, signature);
    }
}
