package dev.ariadne.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts a real PostgreSQL (zonky embedded binaries) when {@code spring.r2dbc.url} is not set, so that
 * the run and test commands work on a bare machine. It points both R2DBC and Liquibase (JDBC) at it.
 *
 * <p>Settings, all optional: {@code ariadne.embedded-postgres.port} (default 0: a free port; the run
 * command fixes it so that Asterisk can reach the same database), {@code
 * ariadne.embedded-postgres.data-dir} (default: a fresh temporary directory, data lost on exit).
 */
public final class EmbeddedPostgresEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE = "ariadneEmbeddedPostgres";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty("spring.r2dbc.url")
                || !env.getProperty("ariadne.embedded-postgres.enabled", Boolean.class, true)) {
            return;
        }
        int port = env.getProperty("ariadne.embedded-postgres.port", Integer.class, 0);
        String dataDir = env.getProperty("ariadne.embedded-postgres.data-dir");
        EmbeddedPostgres pg = EmbeddedPostgresHolder.start(port, dataDir);
        Map<String, Object> props = new HashMap<>();
        String hostPort = "localhost:" + pg.getPort() + "/postgres";
        props.put("spring.r2dbc.url", "r2dbc:postgresql://" + hostPort);
        props.put("spring.r2dbc.username", "postgres");
        props.put("spring.r2dbc.password", "postgres");
        props.put("spring.liquibase.url", "jdbc:postgresql://" + hostPort);
        props.put("spring.liquibase.user", "postgres");
        props.put("spring.liquibase.password", "postgres");
        props.put("ariadne.embedded-postgres.actual-port", pg.getPort());
        env.getPropertySources().addFirst(new MapPropertySource(SOURCE, props));
    }

    /** One server per JVM: every application context of a test run shares it. */
    static final class EmbeddedPostgresHolder {
        private static EmbeddedPostgres instance;

        static synchronized EmbeddedPostgres start(int port, String dataDir) {
            if (instance != null) {
                return instance;
            }
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("listen_addresses", "127.0.0.1");
                if (port > 0) {
                    builder.setPort(port);
                }
                if (dataDir != null && !dataDir.isBlank()) {
                    Path dir = Path.of(dataDir);
                    Files.createDirectories(dir);
                    builder.setDataDirectory(dir).setCleanDataDirectory(false);
                }
                EmbeddedPostgres pg = builder.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "embedded-postgres-stop"));
                instance = pg;
                return pg;
            } catch (IOException e) {
                throw new UncheckedIOException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(EmbeddedPostgres pg) {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is exiting; nothing left to tell
            }
        }
    }
}
