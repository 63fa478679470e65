package dev.ariadne.media;

// Receive-side statistics of one RTP stream (RFC 3550 A.1 and A.8). Written by one thread (the channel's event
// loop), read by any: fields are volatile and only ever written by that thread.
final class RtpReceiveStats {

    private static final long NANOS_PER_TICK = 1_000_000_000L / MediaSession.SAMPLE_RATE;

    private volatile long received;
    private volatile long late;
    private volatile double jitter; // in timestamp units
    private volatile long lost;

    private long lostBefore; // loss folded in from earlier SSRCs

    private boolean started;
    private int ssrc;
    private long baseSeq;
    private long maxSeq; // extended: cycles << 16 | seq
    private long receivedSinceBase;
    private long lastArrival;
    private long lastTimestamp;

    void onPacket(int sequence, long timestamp, int packetSsrc, long arrivalNanos) {
        long arrival = arrivalNanos / NANOS_PER_TICK;
        if (!started || packetSsrc != ssrc) {
            // A new source (Asterisk changes SSRC on some re-bridges) starts a new sequence space.
            lostBefore += currentLost();
            started = true;
            ssrc = packetSsrc;
            baseSeq = sequence;
            maxSeq = sequence;
            receivedSinceBase = 1;
            received++;
            lastArrival = arrival;
            lastTimestamp = timestamp;
            lost = lostBefore;
            return;
        }
        received++;
        receivedSinceBase++;
        int delta = (short) (sequence - (int) (maxSeq & 0xffff)); // signed 16-bit distance, handles wraparound
        if (delta > 0) {
            maxSeq += delta;
        } else {
            late++; // out of order or duplicate
        }
        long d = (arrival - lastArrival) - (int) (timestamp - lastTimestamp);
        jitter += (Math.abs(d) - jitter) / 16.0;
        lastArrival = arrival;
        lastTimestamp = timestamp;
        lost = lostBefore + currentLost();
    }

    long received() {
        return received;
    }

    long late() {
        return late;
    }

    long lost() {
        return lost;
    }

    double jitterMillis() {
        return jitter * 1000.0 / MediaSession.SAMPLE_RATE;
    }

    private long currentLost() {
        if (!started) {
            return 0;
        }
        long expected = maxSeq - baseSeq + 1;
        return Math.max(0, expected - receivedSinceBase);
    }
}
