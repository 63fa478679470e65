package dev.ariadne.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

// Turns one step's raw samples into figures, and figures into the printed table.
final class BenchReport {

    private BenchReport() {}

    // After the generator is closed: the agent's log of each call joined with what came back, by agent frame.
    static StepResult result(int n, int seconds, EchoAgent.Window window, LoadGenerator generator, EchoAgent agent,
            Map<String, Long> node, double generatorCores, String loadBefore, String loadAfter) {
        Histogram down = new Histogram(MediaBench.LATE_NANOS);
        Histogram rtt = new Histogram(Long.MAX_VALUE);
        long count = 0; // agent frames of the window that came back
        for (int i = 0; i < n; i++) {
            EchoAgent.CallLog log = agent.call(i);
            long[] arrival = generator.arrival(i);
            for (int f = 0, logged = log.count(); f < logged; f++) {
                if (!window.contains(log.generatorFrame[f]) || f >= arrival.length || arrival[f] == 0) {
                    continue;
                }
                long a = arrival[f];
                // Everything the orchestrator adds: the agent's send to the packet's arrival, playout queue
                // included (a frame that may play leaves at once; there is no shared tick to wait for).
                down.record(a - log.agentSent[f]);
                rtt.record(a - log.generatorSent[f]);
                count++;
            }
        }
        Histogram up = agent.upLatency();
        return new StepResult(n, seconds, generator.sentInWindow(), agent.received(), up.over(),
                up.percentileMillis(0.5), up.percentileMillis(0.99), up.maxMillis(), count, down.over(),
                down.percentileMillis(0.5), down.percentileMillis(0.99), down.maxMillis(),
                rtt.percentileMillis(0.5), rtt.percentileMillis(0.99), rtt.maxMillis(), node, generatorCores,
                generator.lateSends(), generator.sequenceGaps(), generator.skipped(), generator.unreadable(),
                loadBefore, loadAfter);
    }

    static String header() {
        return "| calls | load avg (before / after) | up lost | up late | up p50 / p99 / max ms | down lost | down late"
                + " | down p50 / p99 / max ms | round trip p50 / p99 / max ms | orchestrator CPU"
                + " (cores) | CPU per call (% core) | GC pauses (n, total, max ms) | heap peak MB | generator CPU"
                + " (cores) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    static String row(StepResult r) {
        Map<String, Long> n = r.node();
        return String.format(Locale.ROOT,
                "| %d | %s / %s | %d of %d | %d | %.2f / %.2f / %.2f | %d | %d | %.2f / %.2f / %.2f"
                        + " | %.2f / %.2f / %.2f | %.2f | %.3f | %d, %.1f, %.2f | %d | %.2f |",
                r.calls(), r.loadBefore(), r.loadAfter(), r.upLost(), r.sent(), r.upLate(), r.upP50(), r.upP99(),
                r.upMax(), r.downLost(), r.downLate(), r.downP50(), r.downP99(), r.downMax(),
                r.rttP50(), r.rttP99(), r.rttMax(), r.orchestratorCores(), r.cpuPercentPerCall(), n.get("gcPauses"),
                n.get("gcPauseNanos") / 1e6, n.get("gcPauseMaxNanos") / 1e6, n.get("heapPeakBytes") >> 20,
                r.generatorCores());
    }

    static String table(List<StepResult> results) {
        StringBuilder b = new StringBuilder(header());
        results.forEach(r -> b.append(row(r)).append('\n'));
        b.append("\nNode counters (orchestrator side, whole step incl. warm-up):\n");
        for (StepResult r : results) {
            Map<String, Long> n = r.node();
            b.append(String.format(Locale.ROOT,
                    "- %d calls: orchestrator CPU in kernel %.0f%% of it; rtpLost=%d rtpLate=%d playoutDropped=%d inboundDropped=%d agentDropped=%d"
                            + " agentFailures=%d threads=%d generatorLateSends=%d packetsIn=%d packetsOut=%d"
                            + " downSequenceGaps=%d downSkippedAgentFrames=%d downUnreadable=%d%n",
                    r.calls(), 100.0 * n.get("sysNanos") / Math.max(1, n.get("cpuNanos")), n.get("rtpLost"), n.get("rtpLate"), n.get("playoutDropped"), n.get("inboundDropped"),
                    n.get("agentDropped"), n.get("agentFailures"), n.get("threads"), r.generatorLateSends(),
                    n.get("packetsIn"), n.get("packetsOut"), r.downSequenceGaps(), r.downSkipped(),
                    r.downUnreadable()));
        }
        return b.toString();
    }
}
