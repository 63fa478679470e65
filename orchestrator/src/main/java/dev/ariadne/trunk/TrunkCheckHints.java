package dev.ariadne.trunk;

import dev.ariadne.sip.SipProbe;
import java.time.Duration;
import java.util.List;

/** Troubleshooting hints for what a trunk check found: what a carrier's answer most likely means. */
final class TrunkCheckHints {
    private TrunkCheckHints() {}

    static String noAnswer(String method, TrunkCheck.Target t, Duration timeout) {
        String p = t.transport().toUpperCase(java.util.Locale.ROOT) + " port " + t.port();
        return "No answer to " + method + " on " + p + " within " + timeout.toSeconds() + " s: a firewall may drop SIP"
                + " there, the port or transport may be wrong, or the carrier answers only addresses it knows (ask it to"
                + " allow Ariadne's address).";
    }

    /** OPTIONS got an answer: any answer proves a SIP server; some say more. */
    static void options(int status, List<String> hints) {
        if (status == 403) {
            hints.add("The carrier answers OPTIONS with 403 Forbidden: it refuses this source address; it may need"
                    + " Ariadne's address on its allow list (IP authentication).");
        }
    }

    /** The REGISTER's outcome and its hint. */
    static TrunkCheckReport.Registration registration(SipProbe.Registration reg, TrunkCheck.Target t,
            List<String> hints) {
        if (reg.problem() != null) {
            hints.add("The carrier challenged the REGISTER in a way the check cannot answer: " + reg.problem() + ".");
            return new TrunkCheckReport.Registration("rejected", reg.first().response().status(), reg.problem(), true);
        }
        var last = reg.last().response();
        int status = last.status();
        boolean challenged = reg.challenged();
        String reason = last.reason();
        if (status >= 200 && status < 300) {
            if (!challenged) {
                hints.add("The carrier accepted the REGISTER without asking for credentials: it may authenticate by"
                        + " address only, in which case the password is not needed.");
            }
            return new TrunkCheckReport.Registration("ok", status, reason, challenged);
        }
        if (challenged && (status == 401 || status == 407 || status == 403)) {
            hints.add(status == 403
                    ? "Forbidden after answering the challenge (403): the password is wrong, or the account may not"
                            + " register from this address."
                    : "The carrier rejected the credentials (" + status + " again after answering the challenge): check"
                            + " the username '" + t.username() + "' and the password.");
            return new TrunkCheckReport.Registration("auth_failed", status, reason, true);
        }
        hints.add(switch (status) {
            case 403 -> "The carrier refuses the REGISTER before asking for credentials (403): it may expect this"
                    + " address on its allow list (IP authentication), or offer no registration on this account.";
            case 404 -> "The carrier does not know the user (404): check the username and the host (the domain).";
            case 401, 407 -> "The carrier challenged again without a usable challenge (" + status + ").";
            case 408, 480 -> "The carrier's registrar did not answer in time (" + status + "): try again later.";
            case 420, 421 -> "The carrier needs a SIP extension the check does not offer (" + status + " " + reason
                    + ").";
            case 423 -> "The carrier wants a longer registration interval (423 Interval Too Brief).";
            default -> status >= 500
                    ? "The carrier's registrar failed (" + status + " " + reason + "): try later, or ask the carrier."
                    : "The carrier refused the REGISTER (" + status + " " + reason + ").";
        });
        return new TrunkCheckReport.Registration("rejected", status, reason, challenged);
    }
}
