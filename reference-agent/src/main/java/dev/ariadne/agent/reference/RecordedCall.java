package dev.ariadne.agent.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the reference agent saw of one call, readable while the call runs. Thread-safe.
 *
 * <p>Received audio is kept as signed 16-bit little-endian PCM, the newest {@code recordLimit} of it: 16 kHz
 * for {@code ariadne.v1}; for the {@code twilio} profile the mu-law is decoded to 8 kHz PCM (see
 * {@link #sampleRate()}).
 */
public final class RecordedCall {

    private final Map<String, String> headers;
    private final byte[] ring;
    private final List<Map<String, Object>> messages = new ArrayList<>();
    private final List<String> marksEchoed = new ArrayList<>();
    private final StringBuilder dtmf = new StringBuilder();
    private int ringStart;
    private int ringLength;
    private long audioBytes;
    private String profile;
    private String callId;
    private Map<String, Object> start;
    private Map<String, Object> stop;
    private Integer closeCode;
    private String closeReason;
    private boolean closed;

    RecordedCall(Map<String, String> headers, int recordBytes) {
        this.headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        this.ring = new byte[recordBytes];
        this.callId = headers.get("x-ariadne-call-id");
    }

    /** Request headers of the WebSocket upgrade, names in lower case (includes Authorization: test tool). */
    public Map<String, String> headers() {
        return headers;
    }

    public synchronized String callId() {
        return callId;
    }

    /** {@code ariadne.v1} or {@code twilio}, known after the first text message; null before. */
    public synchronized String profile() {
        return profile;
    }

    public synchronized int sampleRate() {
        return "twilio".equals(profile) ? 8000 : 16000;
    }

    /** The {@code start} message as parsed JSON, or null before it arrived. */
    public synchronized Map<String, Object> start() {
        return start;
    }

    /** The {@code stop} message as parsed JSON, or null. */
    public synchronized Map<String, Object> stop() {
        return stop;
    }

    /** Every text message received, in order (the first 10,000), as parsed JSON. */
    public synchronized List<Map<String, Object>> messages() {
        return List.copyOf(messages);
    }

    /** The newest received audio (up to the record limit), as PCM s16le at {@link #sampleRate()}. */
    public synchronized byte[] audio() {
        byte[] out = new byte[ringLength];
        int first = Math.min(ringLength, ring.length - ringStart);
        System.arraycopy(ring, ringStart, out, 0, first);
        System.arraycopy(ring, 0, out, first, ringLength - first);
        return out;
    }

    /** All audio bytes received, including those no longer kept. */
    public synchronized long audioBytesReceived() {
        return audioBytes;
    }

    /** DTMF digits received, in order. */
    public synchronized String dtmf() {
        return dtmf.toString();
    }

    /** Names of the marks the orchestrator echoed back, in order. */
    public synchronized List<String> marksEchoed() {
        return List.copyOf(marksEchoed);
    }

    public synchronized boolean closed() {
        return closed;
    }

    /** WebSocket close code received from the orchestrator, null if none (yet). */
    public synchronized Integer closeCode() {
        return closeCode;
    }

    public synchronized String closeReason() {
        return closeReason;
    }

    synchronized void profile(String profile) {
        if (this.profile == null) {
            this.profile = profile;
        }
    }

    synchronized void message(Map<String, Object> message) {
        if (messages.size() < 10_000) {
            messages.add(message);
        }
    }

    synchronized void start(Map<String, Object> start, String callId) {
        this.start = start;
        if (callId != null) {
            this.callId = callId;
        }
    }

    synchronized void stop(Map<String, Object> stop) {
        this.stop = stop;
    }

    synchronized void dtmf(String digit) {
        dtmf.append(digit);
    }

    synchronized void markEchoed(String name) {
        marksEchoed.add(name);
    }

    synchronized void closeStatus(int code, String reason) {
        this.closeCode = code;
        this.closeReason = reason;
    }

    synchronized void markClosed() {
        closed = true;
    }

    synchronized void audio(byte[] pcm) {
        audioBytes += pcm.length;
        for (byte b : pcm) {
            int end = (ringStart + ringLength) % ring.length;
            ring[end] = b;
            if (ringLength < ring.length) {
                ringLength++;
            } else {
                ringStart = (ringStart + 1) % ring.length;
            }
        }
    }
}
