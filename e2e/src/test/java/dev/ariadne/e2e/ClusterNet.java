package dev.ariadne.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Separate hosts on this machine for the multi-node test: a Linux bridge on the host ({@code 10.98.N.1/24}, where
 * PostgreSQL and the agents listen) and one network namespace per host, each with its own address on a veth pair into
 * the bridge. Traffic between them is real IP between distinct addresses; nothing leaves the machine. N is
 * {@code e2e.rtp-offset / 1000}, so stacks side by side get their own subnet and names. Creating removes a leftover of
 * a killed run first; closing removes the namespaces and the bridge.
 */
final class ClusterNet implements AutoCloseable {
    private final int n;
    private final String bridge;
    private final Map<String, String> hosts = new LinkedHashMap<>();

    private ClusterNet(int n) {
        this.n = n;
        this.bridge = "arc" + n + "-br";
    }

    /** The bridge and one namespace per {@code name -> last address octet}. */
    static ClusterNet create(Map<String, Integer> hosts) {
        ClusterNet net = new ClusterNet(Math.floorMod(E2eStack.RTP_OFFSET / 1000, 256));
        hosts.forEach((name, octet) -> net.hosts.put(name, net.prefix() + octet));
        net.remove();
        try {
            run(true, "ip", "link", "add", net.bridge, "type", "bridge");
            run(true, "ip", "addr", "add", net.hostAddress() + "/24", "dev", net.bridge);
            run(true, "ip", "link", "set", net.bridge, "up");
            int i = 0;
            for (Map.Entry<String, String> h : net.hosts.entrySet()) {
                String ns = net.namespace(h.getKey());
                String hostEnd = "arc" + net.n + "-" + i;
                String nsEnd = "arc" + net.n + "-" + i + "p";
                i++;
                run(true, "ip", "netns", "add", ns);
                run(true, "ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
                run(true, "ip", "link", "set", nsEnd, "netns", ns);
                run(true, "ip", "link", "set", hostEnd, "master", net.bridge);
                run(true, "ip", "link", "set", hostEnd, "up");
                run(true, "ip", "-n", ns, "link", "set", nsEnd, "name", "eth0");
                run(true, "ip", "-n", ns, "addr", "add", h.getValue() + "/24", "dev", "eth0");
                run(true, "ip", "-n", ns, "link", "set", "eth0", "up");
                run(true, "ip", "-n", ns, "link", "set", "lo", "up");
            }
        } catch (RuntimeException e) {
            net.remove();
            throw e;
        }
        return net;
    }

    private String prefix() {
        return "10.98." + n + ".";
    }

    /** The host's own address on the bridge (PostgreSQL, the agents, the test). */
    String hostAddress() {
        return prefix() + "1";
    }

    /** The subnet, for pg_hba.conf. */
    String subnet() {
        return prefix() + "0/24";
    }

    String address(String host) {
        String a = hosts.get(host);
        if (a == null) {
            throw new IllegalArgumentException("no host " + host + " in " + hosts.keySet());
        }
        return a;
    }

    /** The namespace of a host ({@code ip netns exec}, asterisk.sh's ARIADNE_NETNS). */
    String namespace(String host) {
        return "ariadne-c" + n + "-" + host;
    }

    /** A command line run on a host. */
    List<String> on(String host, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        cmd.addAll(command);
        return cmd;
    }

    @Override
    public void close() {
        remove();
    }

    private void remove() {
        // Deleting a namespace deletes its veth end and with it the host end; then the bridge.
        for (String h : hosts.keySet()) {
            run(false, "ip", "netns", "delete", namespace(h));
        }
        run(false, "ip", "link", "delete", bridge);
    }

    static String run(boolean check, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
            }
            if (check && p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }
}
