package dev.ariadne.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/** The chart rendered by the real Helm engine (helm-java), parsed into its Kubernetes objects. */
record HelmRendering(List<Map<String, Object>> objects) {
    static final Path CHART = chart();
    static final String NAMESPACE = "voice";
    /** The values install needs: the database host and the five secrets. */
    static final Map<String, String> REQUIRED = Map.of(
            "postgresql.host", "pg.db.svc",
            "secrets.dbPassword", "db-pw-6f1c",
            "secrets.asteriskDbPassword", "ast-pw-93ad",
            "secrets.ariPassword", "ari-pw-0b7e",
            "secrets.adminToken", "admin-tok-55e2",
            "secrets.secretsKey", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");

    static Helm helm() {
        return new Helm(CHART);
    }

    /** Renders release "t" in namespace voice with the required values, then {@code values} on top. */
    static HelmRendering render(Map<String, ?> values) {
        Map<String, Object> all = new LinkedHashMap<>(REQUIRED);
        all.putAll(values);
        return new HelmRendering(parse(template(all)));
    }

    /** {@code helm template} output with exactly these values. */
    static String template(Map<String, ?> values) {
        TemplateCommand t = helm().template().withName("t").withNamespace(NAMESPACE);
        values.forEach(t::set);
        return t.call();
    }

    static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                out.add(map(doc));
            }
        }
        return out;
    }

    List<String> kinds() {
        return objects.stream().map(o -> (String) o.get("kind")).toList();
    }

    List<Map<String, Object>> all(String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        assertThat(found).as("objects of kind " + kind).hasSize(1);
        return found.getFirst();
    }

    Map<String, Object> named(String kind, String name) {
        return all(kind).stream().filter(o -> name.equals(map(o.get("metadata")).get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
    }

    List<String> names() {
        return objects.stream().map(o -> o.get("kind") + "/" + map(o.get("metadata")).get("name")).toList();
    }

    /** The pod spec of a StatefulSet or Deployment. */
    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return at(workload, "spec", "template", "spec");
    }

    static Map<String, Object> podLabels(Map<String, Object> workload) {
        return at(workload, "spec", "template", "metadata", "labels");
    }

    static Map<String, Object> container(Map<String, Object> workload, String name) {
        return list(podSpec(workload).get("containers")).stream().map(HelmRendering::map)
                .filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    /** A container's env entries by name (value or valueFrom). */
    static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Object e : list(container.get("env"))) {
            Map<String, Object> entry = map(e);
            assertThat(out.put((String) entry.get("name"), entry)).as("env " + entry.get("name") + " set once").isNull();
        }
        return out;
    }

    /** What the kubelet would give the container: literal values, and secretKeyRefs read from {@code secret}. */
    static Map<String, String> resolvedEnv(Map<String, Object> container, Map<String, Object> secret) {
        Map<String, String> out = new LinkedHashMap<>();
        env(container).forEach((name, entry) -> {
            if (entry.containsKey("value")) {
                out.put(name, Objects.toString(entry.get("value")));
            } else if (map(entry.get("valueFrom")).containsKey("secretKeyRef")) {
                Map<String, Object> ref = at(entry, "valueFrom", "secretKeyRef");
                assertThat(ref.get("name")).isEqualTo(map(secret.get("metadata")).get("name"));
                String b64 = (String) map(secret.get("data")).get(ref.get("key"));
                assertThat(b64).as("key " + ref.get("key") + " of the Secret").isNotNull();
                out.put(name, new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    /** Whether a label selector (matchLabels) selects pods with these labels. */
    static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return labels.entrySet().containsAll(selector.entrySet());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        assertThat(o).isInstanceOf(List.class);
        return (List<Object>) o;
    }

    static Map<String, Object> at(Map<String, Object> o, String... path) {
        Map<String, Object> m = o;
        for (String p : path) {
            m = map(m.get(p));
        }
        return m;
    }

    private static Path chart() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("charts/ariadne"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("charts/ariadne not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("charts/ariadne");
    }
}
