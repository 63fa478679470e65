package dev.ariadne.call.web;

import dev.ariadne.common.Violations;
import dev.ariadne.number.PhoneNumber;
import dev.ariadne.web.QueryParams;
import java.time.Instant;

/** Query parameters the call listings share. */
final class CallParams {
    private CallParams() {}

    /** An unencoded '+' in a query string arrives as a space: "15551234567", " 15551234567" and "+1555..." match. */
    static String number(String n) {
        if (n == null || n.isBlank()) {
            return null;
        }
        String e164 = PhoneNumber.normalize(n);
        return e164 != null ? e164 : n.strip();
    }

    static Instant time(String field, String value) {
        Violations v = new Violations();
        Instant t = QueryParams.instant(v, field, value);
        v.throwIfAny();
        return t;
    }
}
