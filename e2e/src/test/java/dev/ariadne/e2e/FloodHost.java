package dev.ariadne.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * A separate host on this machine for flood traffic: a network namespace with its own address on one end of a veth
 * pair, the other end on the host. Ariadne's Asterisk (bound to all addresses by {@link E2eStack}) is reachable on
 * the host end's address; the namespace's address is in no trunk's allowedIps. The /30 is {@code 10.99.N.0/30} with
 * N = {@code e2e.rtp-offset / 1000} and the names carry N, so stacks side by side get their own. Creating removes a
 * leftover of a killed run first; closing removes the namespace (which takes the veth pair with it).
 */
final class FloodHost implements AutoCloseable {
    private final String namespace;
    private final String hostLink;
    private final String hostAddress;
    private final String floodAddress;

    private FloodHost(int n) {
        this.namespace = "ariadne-flood" + n;
        this.hostLink = "afl" + n + "h";
        this.hostAddress = "10.99." + n + ".1";
        this.floodAddress = "10.99." + n + ".2";
    }

    /** The namespace of this stack ({@code e2e.rtp-offset}), created afresh. */
    static FloodHost create() {
        FloodHost h = new FloodHost(Math.floorMod(E2eStack.RTP_OFFSET / 1000, 256));
        h.remove();
        String nsLink = "afl" + h.hostLink.substring(3, h.hostLink.length() - 1) + "n";
        try {
            h.ip("netns", "add", h.namespace);
            h.ip("link", "add", h.hostLink, "type", "veth", "peer", "name", nsLink);
            h.ip("link", "set", nsLink, "netns", h.namespace);
            h.ip("addr", "add", h.hostAddress + "/30", "dev", h.hostLink);
            h.ip("link", "set", h.hostLink, "up");
            h.ip("-n", h.namespace, "addr", "add", h.floodAddress + "/30", "dev", nsLink);
            h.ip("-n", h.namespace, "link", "set", nsLink, "up");
            h.ip("-n", h.namespace, "link", "set", "lo", "up");
        } catch (RuntimeException e) {
            h.remove();
            throw e;
        }
        return h;
    }

    /** Where the flood host reaches this machine (Ariadne's Asterisk listens there too). */
    String hostAddress() {
        return hostAddress;
    }

    /** The flood host's own address: the source of its packets. */
    String floodAddress() {
        return floodAddress;
    }

    /** A command line run inside the namespace. */
    List<String> inside(List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        cmd.addAll(command);
        return cmd;
    }

    @Override
    public void close() {
        remove();
    }

    private void remove() {
        // Deleting the namespace deletes its veth end, and with it the host end; the link delete covers a namespace
        // that is gone while the host end stayed (a run killed between the two steps).
        run(false, "ip", "netns", "delete", namespace);
        run(false, "ip", "link", "delete", hostLink);
    }

    private void ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(true, cmd.toArray(String[]::new));
    }

    private static void run(boolean check, String... cmd) {
        ClusterNet.run(check, cmd);
    }
}
