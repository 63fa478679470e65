package dev.ariadne.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

// A hand-written SVG: p99 latency (top) and orchestrator CPU (bottom) against the number of calls.
final class BenchPlot {

    private static final int WIDTH = 720;
    private static final int PANEL = 240;
    private static final int LEFT = 70;
    private static final int RIGHT = 170;
    private static final int TOP = 40;
    private static final int GAP = 70;

    private BenchPlot() {}

    record Series(String name, String color, ToDoubleFunction<StepResult> value) {}

    static String svg(List<StepResult> results) {
        StringBuilder s = new StringBuilder();
        int height = TOP + 2 * PANEL + GAP + 50;
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                WIDTH, height));
        s.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"15\">Ariadne media relay: N concurrent"
                + " full-duplex slin16 calls</text>\n");
        panel(s, results, TOP, "p99 added latency (ms)", List.of(
                new Series("caller->agent", "#1f77b4", StepResult::upP99),
                new Series("agent->caller", "#d62728", StepResult::downP99),
                new Series("round trip", "#7f7f7f", StepResult::rttP99)));
        panel(s, results, TOP + PANEL + GAP, "orchestrator CPU (% of one core)", List.of(
                new Series("total", "#2ca02c", r -> 100 * r.orchestratorCores()),
                new Series("per 100 calls", "#9467bd", r -> 100 * r.cpuPercentPerCall())));
        s.append("</svg>\n");
        return s.toString();
    }

    private static void panel(StringBuilder s, List<StepResult> results, int top, String title, List<Series> series) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        double max = 0;
        for (Series se : series) {
            for (StepResult r : results) {
                max = Math.max(max, finite(se.value().applyAsDouble(r)));
            }
        }
        max = niceCeiling(max);
        int maxCalls = results.stream().mapToInt(StepResult::calls).max().orElse(1);
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n",
                LEFT, top - 8, title));
        s.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
                LEFT, top, plotWidth, PANEL));
        for (int i = 0; i <= 4; i++) {
            double v = max * i / 4;
            int y = top + PANEL - PANEL * i / 4;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    LEFT, y, LEFT + plotWidth, y, LEFT - 6, y + 4, label(v)));
        }
        for (StepResult r : results) {
            int x = LEFT + (int) ((long) plotWidth * r.calls() / maxCalls);
            s.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d</text>\n", x, top + PANEL + 16, r.calls()));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">concurrent calls</text>\n",
                LEFT + plotWidth / 2, top + PANEL + 34));
        int legend = 0;
        for (Series se : series) {
            StringBuilder points = new StringBuilder();
            for (StepResult r : results) {
                double v = finite(se.value().applyAsDouble(r));
                int x = LEFT + (int) ((long) plotWidth * r.calls() / maxCalls);
                int y = top + PANEL - (int) (PANEL * v / max);
                points.append(x).append(',').append(y).append(' ');
                s.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>\n", x, y,
                        se.color()));
            }
            s.append(String.format(Locale.ROOT,
                    "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n",
                    points.toString().trim(), se.color()));
            int ly = top + 16 + 18 * legend++;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>\n",
                    LEFT + plotWidth + 10, ly, LEFT + plotWidth + 30, ly, se.color(), LEFT + plotWidth + 35, ly + 4,
                    se.name()));
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
