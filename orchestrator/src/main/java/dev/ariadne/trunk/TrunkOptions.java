package dev.ariadne.trunk;

import java.util.List;

/** The closed sets of values a trunk's fields take, as they appear on the wire. */
public final class TrunkOptions {
    public static final List<String> DIRECTIONS = List.of("inbound", "outbound", "both");
    public static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");
    public static final List<String> CODECS = List.of("ulaw", "alaw", "g722", "opus");
    public static final List<String> DTMF_MODES = List.of("rfc4733", "inband", "info", "auto");
    public static final List<String> MEDIA_ENCRYPTIONS = List.of("none", "sdes", "dtls");

    private TrunkOptions() {}
}
