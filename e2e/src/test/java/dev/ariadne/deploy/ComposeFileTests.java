package dev.ariadne.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * compose.yaml as far as this machine can check it without a Docker engine: Debian's docker-compose resolves it
 * (its output parsed, not grepped), required secrets are enforced, and every file the images copy exists (after the
 * build's package phase, which runs before this module). The images themselves were not built here.
 */
class ComposeFileTests {
    private static final Path ROOT = root();
    private static final Map<String, String> SECRETS = Map.of("ARIADNE_DB_PASSWORD", "db-pw",
            "ARIADNE_ADMIN_TOKEN", "admin", "ARIADNE_SECRETS_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    record Run(int exit, String out) {}

    private static Run compose(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("docker-compose", "-f", "compose.yaml", "config")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("ARIADNE_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void composeResolvesWithOrderedHealthyStartsNamedVolumesAndTheCarriersPorts() throws Exception {
        Run run = compose(SECRETS);
        assertThat(run.exit()).as(run.out()).isZero();
        Map<String, Object> services = map(map(new Yaml().load(run.out())).get("services"));
        assertThat(services).containsOnlyKeys("postgres", "orchestrator", "asterisk", "agent");

        assertThat(map(map(services.get("postgres")).get("healthcheck")).get("test").toString()).contains("pg_isready");
        // The orchestrator's drain fits in its stop grace period (30 s to end the calls the drain cuts).
        Map<String, Object> draining = map(services.get("orchestrator"));
        java.time.Duration drain = org.springframework.boot.convert.DurationStyle.detectAndParse(
                (String) map(draining.get("environment")).get("ARIADNE_CALL_DRAIN_TIMEOUT"));
        java.time.Duration grace = org.springframework.boot.convert.DurationStyle.detectAndParse(
                (String) draining.get("stop_grace_period"));
        assertThat(grace).as("stop_grace_period").isGreaterThanOrEqualTo(drain.plusSeconds(30));
        assertThat(map(map(map(services.get("orchestrator")).get("depends_on")).get("postgres")))
                .containsEntry("condition", "service_healthy");
        // Asterisk after the orchestrator: its migrations make the schema and the role res_config_pgsql logs in as.
        assertThat(map(map(map(services.get("asterisk")).get("depends_on")).get("orchestrator")))
                .containsEntry("condition", "service_healthy");

        Map<String, Object> orchestrator = map(services.get("orchestrator"));
        Map<String, Object> env = map(orchestrator.get("environment"));
        assertThat(env).containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://postgres:5432/ariadne")
                .containsEntry("ARIADNE_ARI_URL", "http://asterisk:8088/")
                .containsEntry("ARIADNE_SECRETS_KEY", SECRETS.get("ARIADNE_SECRETS_KEY"));

        Map<String, Object> asterisk = map(services.get("asterisk"));
        Map<String, Object> astEnv = map(asterisk.get("environment"));
        List<Map<String, Object>> ports = (List<Map<String, Object>>) (List<?>) asterisk.get("ports");
        assertThat(ports).anySatisfy(p -> assertThat(p).containsEntry("published", 5060).containsEntry("protocol", "udp"));
        assertThat(ports).anySatisfy(p -> assertThat(p).containsEntry("published", 5060).containsEntry("protocol", "tcp"));
        int rtpStart = Integer.parseInt((String) astEnv.get("ARIADNE_RTP_START"));
        int rtpEnd = Integer.parseInt((String) astEnv.get("ARIADNE_RTP_END"));
        long rtpPublished = ports.stream().filter(p -> "udp".equals(p.get("protocol"))
                && (int) p.get("published") >= rtpStart && (int) p.get("published") <= rtpEnd).count();
        assertThat(rtpPublished).as("the whole RTP range Asterisk uses is published").isEqualTo(rtpEnd - rtpStart + 1);

        Map<String, Object> volumes = map(map(new Yaml().load(run.out())).get("volumes"));
        assertThat(volumes).containsKeys("pgdata", "asterisk");
    }

    @Test
    void aMissingSecretIsRefusedNamingIt() throws Exception {
        for (String missing : SECRETS.keySet()) {
            Map<String, String> env = new java.util.HashMap<>(SECRETS);
            env.remove(missing);
            Run run = compose(env);
            assertThat(run.exit()).as("without " + missing).isNotZero();
            assertThat(run.out()).contains(missing);
        }
    }

    @Test
    void everyFileTheImagesCopyExistsAndAsteriskRendersTheE2eTemplates() throws IOException {
        Map<Path, Path> dockerfiles = Map.of(
                ROOT.resolve("asterisk-config/Dockerfile"), ROOT.resolve("asterisk-config"),
                ROOT.resolve("orchestrator/Dockerfile"), ROOT,
                ROOT.resolve("reference-agent/Dockerfile"), ROOT);
        Pattern copy = Pattern.compile("^COPY\\s+(.+)\\s+(\\S+)$", Pattern.MULTILINE);
        for (var e : dockerfiles.entrySet()) {
            String text = Files.readString(e.getKey());
            List<String> sources = new ArrayList<>();
            Matcher m = copy.matcher(text);
            while (m.find()) {
                sources.addAll(List.of(m.group(1).trim().split("\\s+")));
            }
            assertThat(sources).as("COPY sources of " + e.getKey()).isNotEmpty();
            for (String s : sources) {
                assertThat(e.getValue().resolve(s)).as(e.getKey() + " copies " + s).exists();
            }
            assertThat(text).as(e.getKey() + " has a health check or is the agent")
                    .matches(t -> t.contains("HEALTHCHECK") || e.getKey().startsWith(ROOT.resolve("reference-agent")));
        }
        // The image renders with asterisk.sh from the same templates the e2e stack's Asterisk runs with.
        String entry = Files.readString(ROOT.resolve("asterisk-config/docker-entrypoint.sh"));
        assertThat(entry).contains("asterisk.sh\" render").contains("exec asterisk -f -C");
        assertThat(Files.isExecutable(ROOT.resolve("asterisk-config/docker-entrypoint.sh"))).isTrue();
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("compose.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("compose.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
