package dev.ariadne.media;

/**
 * A snapshot of one media session's counters.
 *
 * @param packetsIn RTP packets received from Asterisk and accepted (malformed ones excluded)
 * @param packetsOut RTP packets sent to Asterisk
 * @param lost packets never received, from sequence number gaps (RFC 3550 cumulative loss; 16-bit wraparound
 *     is not loss, a late packet reduces it again)
 * @param late packets that arrived out of order or duplicated
 * @param jitterMillis RFC 3550 interarrival jitter, in milliseconds (16 kHz RTP clock)
 * @param dropped agent audio frames dropped because the playout queue was full (oldest first)
 * @param droppedInbound caller audio frames dropped because the {@code fromCaller()} subscriber lagged
 * @param malformed datagrams that were not valid RTP (bad version, truncated header, bad padding, RTCP)
 * @param codec always {@code slin16}
 */
public record MediaStats(
        long packetsIn,
        long packetsOut,
        long lost,
        long late,
        double jitterMillis,
        long dropped,
        long droppedInbound,
        long malformed,
        String codec) {}
