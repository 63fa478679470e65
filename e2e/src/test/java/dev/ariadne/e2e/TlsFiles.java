package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stack's TLS material: a CA and a server certificate for 127.0.0.1 made once by {@code asterisk.sh tls-certs}
 * under {@code e2e/target/tls} (kept across runs), used by both Asterisk instances, each verifying the other
 * against the CA.
 */
record TlsFiles(Path ca, Path cert, Path key) {

    static TlsFiles ensure(Path script, Path dir) {
        try {
            Process p = new ProcessBuilder(script.toString(), "tls-certs", dir.toString()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("asterisk.sh tls-certs failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run asterisk.sh tls-certs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted making TLS certificates", e);
        }
        TlsFiles files = new TlsFiles(dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
        if (!Files.isReadable(files.cert()) || !Files.isReadable(files.key()) || !Files.isReadable(files.ca())) {
            throw new IllegalStateException("asterisk.sh tls-certs left no certificate in " + dir);
        }
        return files;
    }

    /** asterisk.sh variables: a TLS transport on both instances, each verifying the other's certificate. */
    Map<String, String> asteriskEnv(int ariadneTlsPort, int carrierTlsPort) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String who : new String[] {"ARIADNE", "CARRIER"}) {
            env.put(who + "_TLS_CERT", cert.toString());
            env.put(who + "_TLS_KEY", key.toString());
            env.put(who + "_TLS_CA", ca.toString());
        }
        env.put("ARIADNE_TLS_PORT", Integer.toString(ariadneTlsPort));
        env.put("CARRIER_TLS_PORT", Integer.toString(carrierTlsPort));
        return env;
    }
}
