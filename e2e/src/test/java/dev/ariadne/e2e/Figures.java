package dev.ariadne.e2e;

import java.util.List;

/** A benchmark's figure lines: name, n, p50, p95, max. */
final class Figures {
    private Figures() {}

    static void header(String unit) {
        System.out.printf("%-46s %6s %8s %8s %8s%n", unit, "n", "p50", "p95", "max");
    }

    static void print(String name, List<Double> values) {
        if (values.isEmpty()) {
            System.out.printf("%-46s %6d %8s %8s %8s%n", name, 0, "-", "-", "-");
            return;
        }
        List<Double> s = values.stream().sorted().toList();
        System.out.printf("%-46s %6d %8.1f %8.1f %8.1f%n", name, s.size(), percentile(s, 50), percentile(s, 95),
                s.getLast());
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
