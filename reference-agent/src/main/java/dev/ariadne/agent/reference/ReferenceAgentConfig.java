package dev.ariadne.agent.reference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reference agent settings. Command line {@code --name value} wins over the environment variable
 * {@code ARIADNE_AGENT_NAME} (upper case, dashes as underscores), which wins over the default.
 *
 * @param host bind address; {@code --host}, default {@code 0.0.0.0}
 * @param port listen port, 0 for an ephemeral one; {@code --port}, default 8090
 * @param mode {@code --mode echo|tone|scripted}, default echo
 * @param toneHz frequency of the {@code tone} mode; {@code --tone-hz}, default 1000
 * @param toneLevel peak level of the tone relative to full scale; {@code --tone-level}, default 0.5
 * @param token if set, a request without {@code Authorization: Bearer <token>} is refused with 401;
 *     {@code --token}, default none
 * @param steps scripted steps for every call; {@code --script} (see {@link Step}), plus
 *     {@code --hangup-after-ms N} as a shortcut for {@code after:N:hangup}
 * @param recordLimit how much received audio is kept per call (the newest); default 30 s
 * @param signingSecret the agent's signing secret from Ariadne's API; if set, a handshake without a valid
 *     {@code X-Ariadne-Signature} (see {@link HandshakeSignature}) is refused with 401; {@code --signing-secret},
 *     default none
 */
public record ReferenceAgentConfig(
        String host,
        int port,
        Mode mode,
        double toneHz,
        double toneLevel,
        String token,
        List<Step> steps,
        Duration recordLimit,
        String signingSecret) {

    /** What the agent does with audio. */
    public enum Mode {
        /** Sends back the audio it receives. */
        ECHO,
        /** Sends a continuous sine at real-time pace in 20 ms frames. */
        TONE,
        /** Sends no audio of its own; only the scripted steps act. */
        SCRIPTED
    }

    public ReferenceAgentConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(recordLimit, "recordLimit");
        steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Echo mode on an ephemeral port on loopback: what most tests want. */
    public static ReferenceAgentConfig defaults() {
        return new ReferenceAgentConfig("127.0.0.1", 0, Mode.ECHO, 1000, 0.5, null, List.of(), Duration.ofSeconds(30),
                null);
    }

    public ReferenceAgentConfig withMode(Mode mode) {
        return new ReferenceAgentConfig(host, port, mode, toneHz, toneLevel, token, steps, recordLimit, signingSecret);
    }

    public ReferenceAgentConfig withTone(double hz, double level) {
        return new ReferenceAgentConfig(host, port, Mode.TONE, hz, level, token, steps, recordLimit, signingSecret);
    }

    public ReferenceAgentConfig withToken(String token) {
        return new ReferenceAgentConfig(host, port, mode, toneHz, toneLevel, token, steps, recordLimit, signingSecret);
    }

    public ReferenceAgentConfig withSigningSecret(String secret) {
        return new ReferenceAgentConfig(host, port, mode, toneHz, toneLevel, token, steps, recordLimit, secret);
    }

    public ReferenceAgentConfig withSteps(List<Step> steps) {
        return new ReferenceAgentConfig(host, port, mode, toneHz, toneLevel, token, steps, recordLimit, signingSecret);
    }

    /** Reads {@code --name value} arguments, then {@code ARIADNE_AGENT_*} variables from {@code env}. */
    public static ReferenceAgentConfig from(String[] args, Map<String, String> env) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        java.util.function.Function<String, String> get = name -> options.getOrDefault(
                name, env.get("ARIADNE_AGENT_" + name.toUpperCase(Locale.ROOT).replace('-', '_')));
        List<Step> steps = new ArrayList<>(Step.parse(get.apply("script")));
        String hangupAfter = get.apply("hangup-after-ms");
        if (hangupAfter != null) {
            steps.add(new Step(
                    new Step.Trigger.After(Duration.ofMillis(Long.parseLong(hangupAfter))),
                    new Step.Action.Hangup("hangup-after-ms")));
        }
        String mode = get.apply("mode");
        String port = get.apply("port");
        String hz = get.apply("tone-hz");
        String level = get.apply("tone-level");
        String host = get.apply("host");
        String token = get.apply("token");
        String signingSecret = get.apply("signing-secret");
        return new ReferenceAgentConfig(
                host == null ? "0.0.0.0" : host,
                port == null ? 8090 : Integer.parseInt(port),
                mode == null ? Mode.ECHO : Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
                hz == null ? 1000 : Double.parseDouble(hz),
                level == null ? 0.5 : Double.parseDouble(level),
                token == null || token.isEmpty() ? null : token,
                steps,
                Duration.ofSeconds(30),
                signingSecret == null || signingSecret.isEmpty() ? null : signingSecret);
    }

    @Override
    public String toString() {
        // Never print the token.
        return "ReferenceAgentConfig[host=" + host + ", port=" + port + ", mode=" + mode + ", toneHz=" + toneHz
                + ", toneLevel=" + toneLevel + ", token=" + (token == null ? "none" : "***") + ", steps=" + steps
                + ", recordLimit=" + recordLimit + ", signingSecret=" + (signingSecret == null ? "none" : "***") + "]";
    }
}
