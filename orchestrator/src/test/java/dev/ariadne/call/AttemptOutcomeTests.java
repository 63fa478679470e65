package dev.ariadne.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The failover table: only what says the carrier failed tries the next trunk; the callee is never rung twice. */
class AttemptOutcomeTests {

    @ParameterizedTest(name = "SIP {0} -> {1}, failover {2}")
    @CsvSource({
        "401, carrier_auth_failed, true",
        "407, carrier_auth_failed, true",
        "403, carrier_forbidden, true",
        "408, carrier_timeout, true",
        "500, carrier_error, true",
        "502, carrier_error, true",
        "503, carrier_error, true",
        "504, carrier_error, true",
        "580, carrier_error, true",
        "486, busy, false",
        "600, busy, false",
        "480, no_answer, false",
        "404, unknown_number, false",
        "604, unknown_number, false",
        "484, invalid_number, false",
        "603, rejected_by_callee, false",
        "487, canceled, false",
        "488, rejected, false",
        "400, rejected, false",
    })
    void sipStatusDecidesOverTheQ850Cause(int sip, String outcome, boolean failover) {
        // The Q.850 cause Asterisk gives is ambiguous (403 and 603 are both 21); the SIP status wins.
        AttemptOutcome o = AttemptOutcome.of(sip, 21);
        assertThat(o.outcome()).isEqualTo(outcome);
        assertThat(o.failover()).isEqualTo(failover);
        assertThat(o.callCause()).isEqualTo(failover ? "all_trunks_failed" : outcome);
    }

    @ParameterizedTest(name = "Q.850 {0} -> {1}, failover {2}")
    @CsvSource({
        "17, busy, false",
        "19, no_answer, false",
        "1, unknown_number, false",
        "28, invalid_number, false",
        "21, rejected, false",
        "18, carrier_timeout, true",
        "34, carrier_error, true",
        "38, carrier_error, true",
        "41, carrier_error, true",
        "102, carrier_error, true",
        "16, rejected, false",
    })
    void withoutASipStatusTheQ850CauseDecidesAndAmbiguityNeverFailsOver(int q850, String outcome, boolean failover) {
        AttemptOutcome o = AttemptOutcome.of(null, q850);
        assertThat(o.outcome()).isEqualTo(outcome);
        assertThat(o.failover()).isEqualTo(failover);
    }
}
