package dev.ariadne.stats;

import java.util.Locale;

/**
 * A call's voice quality estimated with the simplified ITU-T G.107 E-model, from what the media relay measures.
 *
 * <p>The simplification is the one of Cole and Rosenbluth, "Voice over IP Performance Monitoring" (ACM SIGCOMM
 * CCR 31(2), 2001), widely used by VoIP monitors:
 * <ul>
 *   <li>effective latency {@code d = delay + 2 * jitter + 10} ms (the jitter buffer and codec delay);</li>
 *   <li>delay impairment {@code Id = 0.024 d + 0.11 (d - 177.3) H(d - 177.3)}, H the Heaviside step;</li>
 *   <li>equipment impairment with random loss (G.107 section 7.4, burst ratio 1):
 *       {@code Ie_eff = Ie + (95 - Ie) * Ppl / (Ppl + Bpl)}, Ppl the packet loss in percent and Ie, Bpl the
 *       codec's values from ITU-T G.113 Appendix I (G.711 without packet loss concealment: Ie 0, Bpl 4.3;
 *       G.729A: Ie 11, Bpl 19.0);</li>
 *   <li>{@code R = 93.2 - Id - Ie_eff}, clamped to [0, 100];</li>
 *   <li>MOS from R (G.107 Annex B): {@code 1 + 0.035 R + 7e-6 R (R - 60) (100 - R)}, 1 for R &lt;= 0 and 4.5
 *       for R &gt;= 100.</li>
 * </ul>
 * Codecs without G.113 values (e.g. opus, g722) are scored with G.711's, the codec the relay carries.
 */
public record QualityScore(double rFactor, double mos) {

    /** G.711 without PLC (G.113 Appendix I). */
    static final double[] G711 = {0.0, 4.3};
    /** G.729A (G.113 Appendix I). */
    static final double[] G729 = {11.0, 19.0};

    /**
     * @param lossPercent packet loss, 0 to 100
     * @param jitterMs interarrival jitter in milliseconds (null counts as 0)
     * @param delayMs one-way network delay in milliseconds (0 when not measured)
     * @param codec the call's codec name (null: G.711)
     */
    public static QualityScore estimate(double lossPercent, Double jitterMs, double delayMs, String codec) {
        double[] c = codec != null && codec.toLowerCase(Locale.ROOT).startsWith("g729") ? G729 : G711;
        double ie = c[0];
        double bpl = c[1];
        double jitter = jitterMs == null ? 0 : Math.max(0, jitterMs);
        double d = Math.max(0, delayMs) + 2 * jitter + 10;
        double id = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
        double ppl = Math.min(100, Math.max(0, lossPercent));
        double ieEff = ie + (95 - ie) * ppl / (ppl + bpl);
        double r = Math.min(100, Math.max(0, 93.2 - id - ieEff));
        return new QualityScore(r, mos(r));
    }

    /** Loss in percent of the frames expected: lost / (received + lost). */
    public static double lossPercent(long framesIn, long framesLost) {
        long expected = framesIn + framesLost;
        return expected <= 0 ? 0 : 100.0 * framesLost / expected;
    }

    static double mos(double r) {
        if (r <= 0) {
            return 1;
        }
        if (r >= 100) {
            return 4.5;
        }
        return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
    }
}
