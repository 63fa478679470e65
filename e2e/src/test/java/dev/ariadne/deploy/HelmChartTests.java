package dev.ariadne.deploy;

import static dev.ariadne.deploy.HelmRendering.REQUIRED;
import static dev.ariadne.deploy.HelmRendering.at;
import static dev.ariadne.deploy.HelmRendering.container;
import static dev.ariadne.deploy.HelmRendering.env;
import static dev.ariadne.deploy.HelmRendering.list;
import static dev.ariadne.deploy.HelmRendering.map;
import static dev.ariadne.deploy.HelmRendering.podLabels;
import static dev.ariadne.deploy.HelmRendering.podSpec;
import static dev.ariadne.deploy.HelmRendering.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.ariadne.ai.AgentProperties;
import dev.ariadne.ari.AriProperties;
import dev.ariadne.media.MediaProperties;
import dev.ariadne.secret.SecretsProperties;
import dev.ariadne.tenant.TenancyProperties;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * charts/ariadne through the real Helm engine (helm-java's native Helm): it lints, install refuses to render without
 * its required values, and the objects rendered with the default and with other values (parsed, not grepped) are
 * what a cluster needs. Never installed: there is no Kubernetes here.
 */
class HelmChartTests {
    private static final Pattern SECRET_ENV = Pattern.compile(".*(PASSWORD|TOKEN|SECRETS_KEY).*");

    @Test
    void theChartLintsStrictlyWithItsDefaults() {
        LintResult lint = HelmRendering.helm().lint().strict().call();
        lint.getMessages().forEach(m -> System.out.println("helm lint: " + m));
        assertThat(lint.isFailed()).as(lint.getMessages().toString()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void installRefusesToRenderWithoutTheDatabaseHostOrAnyOfTheSecretsNamingIt() {
        for (String missing : REQUIRED.keySet()) {
            Map<String, String> values = new HashMap<>(REQUIRED);
            values.remove(missing);
            assertThatThrownBy(() -> HelmRendering.template(values)).as("without " + missing).hasMessageContaining(missing);
        }
        // An existing Secret stands in for the five secrets; the host is still needed.
        assertThat(HelmRendering.template(Map.of("postgresql.host", "pg", "secrets.existingSecret", "mine"))).isNotBlank();
    }

    @Test
    void defaultsRenderOneNodeOfAsteriskAndItsOrchestratorOnTheHostNetworkWithoutEdgeOrMonitor() {
        HelmRendering r = render(Map.of());
        assertThat(r.kinds()).containsExactlyInAnyOrder("StatefulSet", "Service", "Service", "PodDisruptionBudget", "Secret");

        Map<String, Object> sts = r.one("StatefulSet");
        assertThat(at(sts, "spec")).containsEntry("replicas", 1).containsEntry("serviceName", "t-ariadne-asterisk");
        Map<String, Object> pod = podSpec(sts);
        assertThat(pod).containsEntry("hostNetwork", true).containsEntry("dnsPolicy", "ClusterFirstWithHostNet")
                .containsEntry("enableServiceLinks", false);
        assertThat(list(pod.get("containers"))).extracting(c -> map(c).get("name")).containsExactly("asterisk", "orchestrator");

        Map<String, Object> orch = container(sts, "orchestrator");
        assertThat(at(orch, "livenessProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness").containsEntry("port", "http");
        assertThat(at(orch, "readinessProbe", "httpGet")).containsEntry("path", "/actuator/health/readiness").containsEntry("port", "http");
        assertThat(at(orch, "startupProbe", "httpGet")).containsEntry("path", "/actuator/health/liveness");
        assertThat(list(orch.get("ports"))).anySatisfy(p -> assertThat(map(p)).containsEntry("name", "http").containsEntry("containerPort", 8080));
        assertThat(at(orch, "resources", "requests")).containsEntry("cpu", "1").containsEntry("memory", "1Gi");

        // The pair: the orchestrator's ARI URL is the Asterisk container's ARI, on loopback only; the audio on loopback too.
        Map<String, String> o = HelmRendering.resolvedEnv(orch, r.one("Secret"));
        Map<String, String> a = HelmRendering.resolvedEnv(container(sts, "asterisk"), r.one("Secret"));
        assertThat(o.get("ARIADNE_ARI_URL")).isEqualTo("http://127.0.0.1:" + a.get("ARIADNE_ARI_PORT") + "/");
        assertThat(a).containsEntry("ARIADNE_ARI_BIND", "127.0.0.1").containsEntry("ARIADNE_SIP_BIND", "0.0.0.0");
        assertThat(o.get("ARIADNE_ARI_USERNAME")).isEqualTo(a.get("ARIADNE_ARI_USER"));
        assertThat(o.get("ARIADNE_ARI_APP")).isEqualTo(a.get("ARIADNE_STASIS_APP"));
        assertThat(o).containsEntry("ARIADNE_MEDIA_BIND_HOST", "127.0.0.1")
                .containsEntry("SPRING_R2DBC_URL", "r2dbc:postgresql://pg.db.svc:5432/ariadne")
                .containsEntry("SPRING_LIQUIBASE_URL", "jdbc:postgresql://pg.db.svc:5432/ariadne")
                .containsEntry("ARIADNE_EMBEDDED_POSTGRES_ENABLED", "false");
        assertThat(a).containsEntry("ARIADNE_DB_HOST", "pg.db.svc").containsEntry("ARIADNE_DB_USER", "asterisk");
        assertThat(at(env(orch).get("ARIADNE_NODE"), "valueFrom", "fieldRef")).containsEntry("fieldPath", "metadata.name");
        // The node id is the Asterisk instance (its database application_name, which the registrations view goes by).
        Map<String, Object> asteriskContainer = container(sts, "asterisk");
        assertThat(at(env(asteriskContainer).get("ARIADNE_ASTERISK_INSTANCE"), "valueFrom", "fieldRef"))
                .isEqualTo(at(env(orch).get("ARIADNE_NODE"), "valueFrom", "fieldRef"));
        assertThat(a).containsEntry("ARIADNE_CLUSTER", "yes");

        // Draining: the grace period outlasts the drain timeout, and Asterisk outlives its orchestrator.
        Duration drain = DurationStyle.detectAndParse(o.get("ARIADNE_CALL_DRAIN_TIMEOUT"));
        int grace = (int) pod.get("terminationGracePeriodSeconds");
        assertThat(grace).isEqualTo(3600).isGreaterThan((int) drain.toSeconds());
        String preStop = String.join(" ", list(at(container(sts, "asterisk"), "lifecycle", "preStop", "exec").get("command"))
                .stream().map(Object::toString).toList());
        assertThat(preStop).contains("while curl").contains(":8080/actuator/health/liveness").contains("/ari/applications/ariadne");
        assertThat(at(r.one("PodDisruptionBudget"), "spec")).containsEntry("maxUnavailable", 1);
    }

    @Test
    void everyEnvironmentVariableThatIsASecretComesFromTheSecretAndNoSecretValueIsLiteral() {
        for (Map<String, String> values : List.of(Map.<String, String>of(), Map.of("secrets.existingSecret", "ariadne-prod"))) {
            HelmRendering r = render(values);
            String secretName = values.getOrDefault("secrets.existingSecret", "t-ariadne-secrets");
            Set<String> secretKeys = Set.of("db-password", "asterisk-db-password", "ari-password", "admin-token", "secrets-key");
            int refs = 0;
            for (String c : List.of("asterisk", "orchestrator")) {
                for (var e : env(container(r.one("StatefulSet"), c)).entrySet()) {
                    if (SECRET_ENV.matcher(e.getKey()).matches()) {
                        assertThat(e.getValue()).as(c + " " + e.getKey()).doesNotContainKey("value");
                        Map<String, Object> ref = at(e.getValue(), "valueFrom", "secretKeyRef");
                        assertThat(ref.get("name")).isEqualTo(secretName);
                        assertThat(secretKeys).contains((String) ref.get("key"));
                        refs++;
                    }
                }
            }
            assertThat(refs).as("secret env vars (3 in Asterisk, 7 in the orchestrator: the AMI password too)").isEqualTo(10);
            // Nowhere but in the Secret itself does a secret appear, in clear or base64.
            String outsideSecret = r.objects().stream().filter(o -> !"Secret".equals(o.get("kind"))).map(Object::toString)
                    .collect(Collectors.joining("\n"));
            REQUIRED.entrySet().stream().filter(e -> e.getKey().startsWith("secrets.")).forEach(e -> assertThat(outsideSecret)
                    .doesNotContain(e.getValue()).doesNotContain(java.util.Base64.getEncoder().encodeToString(e.getValue().getBytes())));
        }
        assertThat(render(Map.of("secrets.existingSecret", "ariadne-prod")).kinds()).doesNotContain("Secret");
        assertThat(map(render(Map.of()).one("Secret").get("data"))).containsOnlyKeys("db-password", "asterisk-db-password",
                "ari-password", "admin-token", "secrets-key");
    }

    @Test
    void everyServiceAndTheBudgetSelectTheirPodsAndOnlyThoseAndTheirTargetPortsExist() {
        HelmRendering r = render(Map.of("kamailio.enabled", "true", "kamailio.addresses[0]", "10.244.0.0/16", "serviceMonitor.enabled", "true"));
        Map<String, Object> sts = r.one("StatefulSet");
        Map<String, Object> edge = r.one("Deployment");
        for (Map<String, Object> workload : List.of(sts, edge)) {
            assertThat(podLabels(workload)).containsAllEntriesOf(at(workload, "spec", "selector", "matchLabels"));
        }
        Map<String, Map<String, Object>> expected = Map.of("t-ariadne-asterisk", sts, "t-ariadne-api", sts, "t-ariadne-sip", edge);
        assertThat(r.all("Service")).hasSize(3);
        for (Map<String, Object> svc : r.all("Service")) {
            String name = (String) map(svc.get("metadata")).get("name");
            Map<String, Object> selector = at(svc, "spec", "selector");
            Map<String, Object> target = expected.get(name);
            assertThat(podLabels(target)).as(name + " selects its pods").containsAllEntriesOf(selector);
            Map<String, Object> other = target == sts ? edge : sts;
            assertThat(HelmRendering.selects(selector, podLabels(other))).as(name + " does not select the other pods").isFalse();
            Set<String> portNames = list(podSpec(target).get("containers")).stream().flatMap(c -> list(map(c).get("ports")).stream())
                    .map(p -> (String) map(p).get("name")).collect(Collectors.toSet());
            for (Object p : list(at(svc, "spec").get("ports"))) {
                assertThat(portNames).as(name + " target port").contains((String) map(p).get("targetPort"));
            }
        }
        Map<String, Object> pdb = at(r.one("PodDisruptionBudget"), "spec", "selector", "matchLabels");
        assertThat(podLabels(sts)).containsAllEntriesOf(pdb);
        assertThat(HelmRendering.selects(pdb, podLabels(edge))).isFalse();

        // The ServiceMonitor finds the API Service and its port.
        Map<String, Object> monitor = r.one("ServiceMonitor");
        Map<String, Object> api = r.named("Service", "t-ariadne-api");
        assertThat(at(api, "metadata", "labels")).containsAllEntriesOf(at(monitor, "spec", "selector", "matchLabels"));
        assertThat(r.named("Service", "t-ariadne-asterisk").get("metadata").toString()).doesNotContain("component=api");
        Map<String, Object> endpoint = map(list(at(monitor, "spec").get("endpoints")).getFirst());
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
        assertThat(list(at(api, "spec").get("ports"))).anySatisfy(p -> assertThat(map(p)).containsEntry("name", "http"));
        assertThat(monitor).containsEntry("apiVersion", "monitoring.coreos.com/v1");
    }

    @Test
    void theKamailioEdgeDispatchesToEachOfThreeNodesByItsStableDnsName() {
        HelmRendering r = render(Map.of("kamailio.enabled", "true", "kamailio.addresses[0]", "10.244.0.0/16", "replicas", 3));
        Map<String, Object> sts = r.one("StatefulSet");
        String set = (String) at(sts, "metadata").get("name");
        assertThat(at(sts, "spec")).containsEntry("replicas", 3).containsEntry("serviceName", set);
        Map<String, Object> headless = r.named("Service", set);
        assertThat(at(headless, "spec")).containsEntry("clusterIP", "None");

        Map<String, Object> config = r.one("ConfigMap");
        List<String> lines = ((String) map(config.get("data")).get("dispatcher.list")).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(lines).containsExactly(
                "1 sip:t-ariadne-asterisk-0.t-ariadne-asterisk.voice.svc.cluster.local:5060 0 0",
                "1 sip:t-ariadne-asterisk-1.t-ariadne-asterisk.voice.svc.cluster.local:5060 0 0",
                "1 sip:t-ariadne-asterisk-2.t-ariadne-asterisk.voice.svc.cluster.local:5060 0 0");
        assertThat((String) map(config.get("data")).get("kamailio.cfg")).as("the edge configuration the e2e tests run")
                .isEqualTo(readCfg());

        Map<String, Object> edge = r.one("Deployment");
        Map<String, Object> kamailio = container(edge, "kamailio");
        Map<String, Object> mount = map(list(kamailio.get("volumeMounts")).getFirst());
        Map<String, Object> volume = map(list(podSpec(edge).get("volumes")).getFirst());
        assertThat(volume.get("name")).isEqualTo(mount.get("name"));
        assertThat(at(volume, "configMap")).containsEntry("name", at(config, "metadata").get("name"));
        Map<String, String> e = HelmRendering.resolvedEnv(kamailio, r.one("Secret"));
        assertThat(e).containsEntry("EDGE_LISTEN", "udp:0.0.0.0:5060").doesNotContainKey("EDGE_ADVERTISE")
                .containsEntry("DISPATCHER_LIST", mount.get("mountPath") + "/dispatcher.list");
        assertThat(at(edge, "spec", "template", "metadata", "annotations")).containsKey("checksum/config");
        // The carriers' addresses from the database, as Asterisk's role, the password from the Secret.
        assertThat(e).containsEntry("EDGE_DB_URL", "postgres://asterisk:$(EDGE_DB_PASSWORD)@pg.db.svc:5432/ariadne")
                .containsEntry("EDGE_DB_PASSWORD", "ast-pw-93ad");
        assertThat(at(env(kamailio).get("EDGE_DB_PASSWORD"), "valueFrom", "secretKeyRef"))
                .containsEntry("key", "asterisk-db-password");
        // Every orchestrator believes the edge's X-Ariadne-Source from the edge's addresses only.
        assertThat(HelmRendering.resolvedEnv(container(sts, "orchestrator"), r.one("Secret")))
                .containsEntry("ARIADNE_EDGE_ADDRESSES", "10.244.0.0/16");
        HelmRendering plain = render(Map.of());
        assertThat(HelmRendering.resolvedEnv(container(plain.one("StatefulSet"), "orchestrator"), plain.one("Secret")))
                .doesNotContainKey("ARIADNE_EDGE_ADDRESSES");
        assertThat(env(container(render(Map.of("kamailio.enabled", "true", "kamailio.addresses[0]", "10.244.0.0/16",
                "kamailio.checkCarrierAddresses", "false")).one("Deployment"), "kamailio"))).doesNotContainKey("EDGE_DB_URL");

        Map<String, Object> sip = at(r.named("Service", "t-ariadne-sip"), "spec");
        assertThat(sip).containsEntry("type", "LoadBalancer").containsEntry("externalTrafficPolicy", "Local");
        assertThat(list(sip.get("ports"))).extracting(p -> map(p).get("protocol") + "/" + map(p).get("port"))
                .containsExactlyInAnyOrder("UDP/5060", "TCP/5060");

        assertThat(render(Map.of("kamailio.enabled", "true", "kamailio.addresses[0]", "10.244.0.0/16", "kamailio.advertise", "203.0.113.7")).one("Deployment"))
                .satisfies(d -> assertThat(env(container(d, "kamailio")).get("EDGE_ADVERTISE"))
                        .containsEntry("value", "203.0.113.7"));
    }

    @Test
    void otherValuesReachThePodSpec() {
        HelmRendering r = render(Map.ofEntries(
                Map.entry("asterisk.hostNetwork", "false"),
                Map.entry("replicas", 4),
                Map.entry("orchestrator.resources.limits.memory", "3Gi"),
                Map.entry("orchestrator.resources.requests.cpu", "2"),
                Map.entry("orchestrator.drainTimeout", "20m"),
                Map.entry("orchestrator.terminationGracePeriodSeconds", 1500),
                // helm-java passes set values as they are, so a list is given by index.
                Map.entry("orchestrator.agent.deniedNetworks[0]", "10.0.0.0/8"),
                Map.entry("orchestrator.agent.deniedNetworks[1]", "192.168.0.0/16"),
                Map.entry("orchestrator.publicUrl", "https://ariadne.example.com"),
                Map.entry("asterisk.tls.secretName", "sip-tls"),
                Map.entry("asterisk.persistence.enabled", "true"),
                Map.entry("podDisruptionBudget.maxUnavailable", 2)));
        Map<String, Object> sts = r.one("StatefulSet");
        Map<String, Object> pod = podSpec(sts);
        assertThat(pod).doesNotContainKeys("hostNetwork", "dnsPolicy").containsEntry("terminationGracePeriodSeconds", 1500);
        assertThat(at(sts, "spec")).containsEntry("replicas", 4);
        assertThat(at(container(sts, "orchestrator"), "resources", "limits")).containsEntry("memory", "3Gi");
        assertThat(at(container(sts, "orchestrator"), "resources", "requests")).containsEntry("cpu", 2);
        Map<String, String> o = HelmRendering.resolvedEnv(container(sts, "orchestrator"), r.one("Secret"));
        assertThat(o).containsEntry("ARIADNE_CALL_DRAIN_TIMEOUT", "20m")
                .containsEntry("ARIADNE_AGENT_DENIED_NETWORKS", "10.0.0.0/8,192.168.0.0/16")
                .containsEntry("ARIADNE_PUBLIC_URL", "https://ariadne.example.com");
        assertThat(1500).isGreaterThan((int) DurationStyle.detectAndParse(o.get("ARIADNE_CALL_DRAIN_TIMEOUT")).toSeconds());

        Map<String, String> a = HelmRendering.resolvedEnv(container(sts, "asterisk"), r.one("Secret"));
        assertThat(a).containsEntry("ARIADNE_TLS_CERT", "/etc/ariadne/tls/tls.crt").containsEntry("ARIADNE_TLS_PORT", "5061");
        assertThat(list(pod.get("volumes"))).anySatisfy(v -> assertThat(at(map(v), "secret")).containsEntry("secretName", "sip-tls"));
        assertThat(list(at(sts, "spec").get("volumeClaimTemplates"))).singleElement()
                .satisfies(v -> assertThat(at(map(v), "metadata")).containsEntry("name", "data"));
        assertThat(list(at(r.named("Service", "t-ariadne-asterisk"), "spec").get("ports")))
                .anySatisfy(p -> assertThat(map(p)).containsEntry("name", "sip-tls").containsEntry("port", 5061));
        assertThat(at(r.one("PodDisruptionBudget"), "spec")).containsEntry("maxUnavailable", 2);
    }

    @Test
    void aGracePeriodThatDoesNotOutlastTheDrainTimeoutByThirtySecondsIsRefused() {
        for (var tooLong : List.of(Map.of("orchestrator.drainTimeout", "1h"), Map.of("orchestrator.drainTimeout", "3571s"),
                Map.of("orchestrator.drainTimeout", "3600000"), Map.of("orchestrator.terminationGracePeriodSeconds", "60"))) {
            Map<String, Object> values = new HashMap<>(REQUIRED);
            values.putAll(tooLong);
            assertThatThrownBy(() -> HelmRendering.template(values)).as(tooLong.toString())
                    .hasMessageContaining("terminationGracePeriodSeconds");
        }
        assertThat(render(Map.of("orchestrator.drainTimeout", "3570s")).kinds()).contains("StatefulSet");
        Map<String, Object> badUnit = new HashMap<>(REQUIRED);
        badUnit.put("orchestrator.drainTimeout", "an hour");
        assertThatThrownBy(() -> HelmRendering.template(badUnit)).hasMessageContaining("orchestrator.drainTimeout");
    }

    @Test
    void theEdgeWithoutTheAddressesItSendsFromIsRefused() {
        Map<String, Object> values = new HashMap<>(REQUIRED);
        values.put("kamailio.enabled", "true");
        assertThatThrownBy(() -> HelmRendering.template(values)).hasMessageContaining("kamailio.addresses");
    }

    private static String readCfg() {
        try {
            return java.nio.file.Files.readString(HelmRendering.CHART.resolve("files/kamailio/kamailio.cfg"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anOrchestratorMediaRangeOverlappingAsterisksRtpRangeIsRefused() {
        // Both containers share the pod's (with hostNetwork: the Kubernetes node's) ports.
        Map<String, Object> values = new HashMap<>(REQUIRED);
        values.put("orchestrator.media.portMin", 10500);
        values.put("orchestrator.media.portMax", 11500);
        assertThatThrownBy(() -> HelmRendering.template(values)).hasMessageContaining("asterisk.rtp");
        values.put("orchestrator.media.portMin", 11000);
        Map<String, Object> sts = new HelmRendering(HelmRendering.parse(HelmRendering.template(values))).one("StatefulSet");
        assertThat(env(container(sts, "orchestrator")).get("ARIADNE_MEDIA_PORT_MIN")).containsEntry("value", "11000");
    }

    @Test
    void theAsteriskContainerSetsOnlyVariablesTheImageReads() throws Exception {
        String scripts = Files.readString(HelmRendering.CHART.resolve("../../asterisk-config/asterisk.sh"))
                + Files.readString(HelmRendering.CHART.resolve("../../asterisk-config/docker-entrypoint.sh"));
        Set<String> read = Pattern.compile("\\$\\{(ARIADNE_[A-Z_]+)").matcher(scripts).results().map(m -> m.group(1))
                .collect(Collectors.toSet());
        Map<String, Object> sts = render(Map.of("asterisk.tls.secretName", "sip-tls")).one("StatefulSet");
        Set<String> set = env(container(sts, "asterisk")).keySet();
        assertThat(set).hasSizeGreaterThan(10);
        assertThat(read).containsAll(set);
        Matcher entry = Pattern.compile("exec (\\S+docker-entrypoint\\.sh)").matcher(
                list(container(sts, "asterisk").get("command")).getLast().toString());
        assertThat(entry.find()).isTrue();
        assertThat(Files.readString(HelmRendering.CHART.resolve("../../asterisk-config/Dockerfile")))
                .contains("ENTRYPOINT [\"" + entry.group(1) + "\"]");
    }

    @Test
    void theOrchestratorsEnvironmentBindsToItsSettingsThroughSpringsOwnBinder() {
        HelmRendering r = render(Map.of("orchestrator.media.advertisedHost", "10.1.2.3",
                "orchestrator.agent.deniedNetworks[0]", "10.0.0.0/8"));
        Map<String, Object> env = new HashMap<>(HelmRendering.resolvedEnv(container(r.one("StatefulSet"), "orchestrator"),
                r.one("Secret")));
        Binder binder = new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));

        AriProperties ari = binder.bind("ariadne.ari", AriProperties.class).get();
        assertThat(ari.url()).isEqualTo("http://127.0.0.1:8088/");
        assertThat(ari.username()).isEqualTo("ariadne");
        assertThat(ari.password()).isEqualTo(REQUIRED.get("secrets.ariPassword"));
        MediaProperties media = binder.bind("ariadne.media", MediaProperties.class).get();
        assertThat(media.bindHost()).isEqualTo("127.0.0.1");
        assertThat(media.advertisedHost()).isEqualTo("10.1.2.3");
        assertThat(media.portMax()).isEqualTo(40999);
        assertThat(binder.bind("ariadne.secrets", SecretsProperties.class).get().key())
                .isEqualTo(REQUIRED.get("secrets.secretsKey"));
        assertThat(binder.bind("ariadne", TenancyProperties.class).get().adminToken())
                .isEqualTo(REQUIRED.get("secrets.adminToken"));
        AgentProperties agent = binder.bind("ariadne.agent", AgentProperties.class).get();
        assertThat(agent.handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(agent.deniedNetworks()).containsExactly("10.0.0.0/8");
        assertThat(binder.bind("ariadne.call.drain-timeout", Duration.class).get()).isEqualTo(Duration.ofMinutes(50));
        assertThat(binder.bind("spring.r2dbc.password", String.class).get()).isEqualTo(REQUIRED.get("secrets.dbPassword"));
        assertThat(binder.bind("spring.liquibase.user", String.class).get()).isEqualTo("ariadne");
        assertThat(binder.bind("ariadne.embedded-postgres.enabled", Boolean.class).get()).isFalse();
        assertThat(binder.bind("management.endpoint.health.probes.enabled", Boolean.class).get()).isTrue();
    }
}
