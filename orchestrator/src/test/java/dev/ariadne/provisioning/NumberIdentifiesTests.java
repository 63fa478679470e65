package dev.ariadne.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The number identify rows. The patterns are POSIX extended regexes for Asterisk; these ones use only syntax that
 * means the same in java.util.regex (groups, alternation, ?, escaped +), so their matching is checked here, and
 * against a real Asterisk end to end.
 */
class NumberIdentifiesTests {

    static Pattern regex(String slashed) {
        return Pattern.compile(slashed.substring(1, slashed.length() - 1));
    }

    @Test
    void theRequestUriPatternMatchesEveryFormOfTheNumberAndNoOtherNumber() {
        PjsipRow row = NumberIdentifies.rows("e1", List.of("+15551234567", "+442071838750")).getFirst();
        Pattern uri = regex(row.columns().get("match_request_uri"));
        for (String yes : List.of("sip:+15551234567@192.0.2.10:5060", "sip:15551234567@ariadne.example",
                "sip:0015551234567@192.0.2.10", "sips:+442071838750@h;user=phone")) {
            assertThat(uri.matcher(yes).find()).as(yes).isTrue();
        }
        for (String no : List.of("sip:+155512345678@h", "sip:+1555123456@h", "sip:915551234567@h",
                "sip:5551234567@h", "sip:s@h", "sip:x@h;n=+15551234567@")) {
            assertThat(uri.matcher(no).find()).as(no).isFalse();
        }
        assertThat(row.columns()).containsEntry("id", "e1-did0").containsEntry("endpoint", "e1-in");
    }

    @Test
    void theHeaderPatternFindsTheNumberInAToHeaderValue() {
        String header = NumberIdentifies.rows("e1", List.of("+15551234567")).getFirst().columns().get("match_header");
        assertThat(header).startsWith("To: /");
        Pattern to = regex(header.substring("To: ".length()));
        assertThat(to.matcher("<sip:+15551234567@192.0.2.10>;tag=abc").find()).isTrue();
        assertThat(to.matcher("\"Main line\" <sip:15551234567@ariadne.example>").find()).isTrue();
        assertThat(to.matcher("<sip:acct-1001@192.0.2.10;line=abc>").find()).isFalse();
    }

    @Test
    void numbersArePackedIntoRowsThatFitAsterisksColumns() {
        List<String> many = new ArrayList<>();
        IntStream.range(0, 100).forEach(i -> many.add("+4420718" + (38000 + i) + "00"));
        List<PjsipRow> rows = NumberIdentifies.rows("e1", many);
        assertThat(rows).hasSizeBetween(7, 10);
        for (PjsipRow r : rows) {
            assertThat(r.columns().get("match_header").length()).isLessThanOrEqualTo(NumberIdentifies.COLUMN_LENGTH);
            assertThat(r.columns().get("match_request_uri").length()).isLessThanOrEqualTo(NumberIdentifies.COLUMN_LENGTH);
        }
        List<String> all = rows.stream().map(r -> r.columns().get("match_request_uri")).toList();
        for (String n : many) {
            assertThat(all.stream().filter(p -> regex(p).matcher("sip:" + n + "@h").find())).as(n).hasSize(1);
        }
        assertThat(rows).extracting(PjsipRow::id).doesNotHaveDuplicates();
    }

    @Test
    void noNumbersNoRowsAndSomethingElseIsRefused() {
        assertThat(NumberIdentifies.rows("e1", List.of())).isEmpty();
        assertThatThrownBy(() -> NumberIdentifies.rows("e1", List.of("+1555|.*"))).isInstanceOf(IllegalArgumentException.class);
    }
}
