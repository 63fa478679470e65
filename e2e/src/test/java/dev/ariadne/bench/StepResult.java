package dev.ariadne.bench;

import java.util.Map;

// One step of the benchmark: N concurrent calls measured over one window.
record StepResult(
        int calls,
        double seconds,
        long sent,
        long upReceived,
        long upLate,
        double upP50,
        double upP99,
        double upMax,
        long downReturned,
        long downLate,
        double downP50,
        double downP99,
        double downMax,
        double rttP50,
        double rttP99,
        double rttMax,
        Map<String, Long> node,
        double generatorCores,
        long generatorLateSends,
        long downSequenceGaps,
        long downSkipped,
        long downUnreadable,
        String loadBefore,
        String loadAfter) {

    long upLost() {
        return sent - upReceived;
    }

    long downLost() {
        return upReceived - downReturned;
    }

    /** Orchestrator CPU in cores (1.0 = one core busy). */
    double orchestratorCores() {
        return (double) node.get("cpuNanos") / node.get("wallNanos");
    }

    /** Orchestrator CPU per call in percent of one core. */
    double cpuPercentPerCall() {
        return 100.0 * orchestratorCores() / calls;
    }
}
