package dev.ariadne.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The call records of the load benchmark's number, read through the calls API as a client would, and judged: a
 * call failed when its record says so (status other than completed, or a cause other than the caller's hangup);
 * a record is incomplete when it lacks what {@code InboundCallE2eTests} requires of a finished call (start,
 * answer and end times, SIP Call-ID, codec, trace id, trunk/number/agent ids, media frames both ways).
 */
final class LoadRecords {
    private LoadRecords() {}

    /** Every record of the number (all pages). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> fetch(Api api, String key, String e164) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            Map<String, Object> body =
                    api.get(key, "/api/v1/calls?number=" + e164.replace("+", "") + "&size=200&page=" + page);
            List<Map<String, Object>> items = (List<Map<String, Object>>) body.get("items");
            all.addAll(items);
            long total = ((Number) body.get("total")).longValue();
            if (items.isEmpty() || all.size() >= total) {
                return all;
            }
        }
    }

    /** Polls until there are at least {@code expected} records and every one has ended, or the deadline. */
    static List<Map<String, Object>> awaitFinal(Api api, String key, String e164, long expected, Duration deadline)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        List<Map<String, Object>> records = fetch(api, key, e164);
        while (System.nanoTime() < end
                && (records.size() < expected || records.stream().anyMatch(r -> r.get("endedAt") == null))) {
            Thread.sleep(2000);
            records = fetch(api, key, e164);
        }
        return records;
    }

    /** Why the call counts as failed, or null when it completed normally. */
    static String failure(Map<String, Object> r) {
        Object status = r.get("status");
        Object cause = r.get("cause");
        if ("completed".equals(status) && "caller_hangup".equals(cause)) {
            return null;
        }
        return status + "/" + cause;
    }

    /** The fields a finished call's record lacks (empty when complete). */
    @SuppressWarnings("unchecked")
    static List<String> missing(Map<String, Object> r) {
        List<String> missing = new ArrayList<>();
        for (String field : List.of(
                "tenantId", "trunkId", "numberId", "agentId", "from", "to", "sipCallId", "codec", "startedAt",
                "answeredAt", "endedAt", "cause", "traceId", "firstAudioMs")) {
            Object v = r.get(field);
            if (v == null || v.toString().isBlank()) {
                missing.add(field);
            }
        }
        Object m = r.get("media");
        Map<String, Object> media = m instanceof Map<?, ?> ? (Map<String, Object>) m : Map.of();
        if (!(number(media.get("framesIn")) > 0)) {
            missing.add("media.framesIn");
        }
        if (!(number(media.get("framesOut")) > 0)) {
            missing.add("media.framesOut");
        }
        return missing;
    }

    /** Seconds from answer to end, or NaN. */
    static double durationSeconds(Map<String, Object> r) {
        Object a = r.get("answeredAt");
        Object e = r.get("endedAt");
        if (a == null || e == null) {
            return Double.NaN;
        }
        return Duration.between(Instant.parse(a.toString()), Instant.parse(e.toString()))
                        .toMillis()
                / 1000.0;
    }

    @SuppressWarnings("unchecked")
    static double media(Map<String, Object> r, String field) {
        Object m = r.get("media");
        return m instanceof Map<?, ?> ? number(((Map<String, Object>) m).get(field)) : Double.NaN;
    }

    /** Counts of each value of a key function, sorted by value. */
    static <T> Map<String, Integer> histogram(List<T> items, java.util.function.Function<T, String> key) {
        Map<String, Integer> counts = new TreeMap<>();
        for (T item : items) {
            String k = key.apply(item);
            if (k != null) {
                counts.merge(k, 1, Integer::sum);
            }
        }
        return counts;
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
