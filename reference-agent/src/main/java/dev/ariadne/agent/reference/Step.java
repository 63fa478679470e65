package dev.ariadne.agent.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One scripted step: when {@link Trigger} happens, do {@link Action}. Steps run in every mode; the
 * {@code scripted} mode only differs from {@code echo} in that it sends no audio of its own.
 *
 * <p>Text form, comma-separated ({@code --script}): {@code after:<ms>:hangup[:<reason>]},
 * {@code after:<ms>:mark:<name>}, {@code after:<ms>:clear}, {@code after:<ms>:dtmf:<digits>},
 * {@code on-dtmf:<digit>:transfer:<to>}, {@code on-dtmf:<digit>:hangup[:<reason>]}, and so on: any trigger with any
 * action.
 */
public record Step(Trigger trigger, Action action) {

    public Step {
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(action, "action");
    }

    /** When a step fires. */
    public sealed interface Trigger {
        /** This long after the call's {@code start} message. */
        record After(Duration delay) implements Trigger {}

        /** Each time this DTMF digit arrives from the orchestrator. */
        record OnDtmf(String digit) implements Trigger {}
    }

    /** What a step sends to the orchestrator. */
    public sealed interface Action {
        record Hangup(String reason) implements Action {}

        record Transfer(String to) implements Action {}

        /** Sends a mark; the orchestrator echoes it once the audio sent before it has played. */
        record Mark(String name) implements Action {}

        record Clear() implements Action {}

        record SendDtmf(String digits) implements Action {}
    }

    /** Parses the comma-separated text form; an empty or null text gives no steps. */
    public static List<Step> parse(String text) {
        List<Step> steps = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return steps;
        }
        for (String item : text.split(",")) {
            String[] p = item.trim().split(":", -1);
            if (p.length < 3) {
                throw new IllegalArgumentException("bad step: " + item);
            }
            Trigger trigger =
                    switch (p[0]) {
                        case "after" -> new Trigger.After(Duration.ofMillis(Long.parseLong(p[1])));
                        case "on-dtmf" -> new Trigger.OnDtmf(p[1]);
                        default -> throw new IllegalArgumentException("bad trigger: " + item);
                    };
            String arg = p.length > 3 ? p[3] : null;
            Action action =
                    switch (p[2]) {
                        case "hangup" -> new Action.Hangup(arg == null ? "scripted" : arg);
                        case "transfer" -> new Action.Transfer(required(arg, item));
                        case "mark" -> new Action.Mark(required(arg, item));
                        case "clear" -> new Action.Clear();
                        case "dtmf" -> new Action.SendDtmf(required(arg, item));
                        default -> throw new IllegalArgumentException("bad action: " + item);
                    };
            steps.add(new Step(trigger, action));
        }
        return steps;
    }

    private static String required(String arg, String item) {
        if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("step needs an argument: " + item);
        }
        return arg;
    }
}
