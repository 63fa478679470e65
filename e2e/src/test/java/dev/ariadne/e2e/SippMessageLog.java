package dev.ariadne.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * sipp's {@code -trace_msg} log read back: each message with the wall-clock time sipp stamped it with, whether it
 * was received or sent, its first line and Call-ID.
 */
final class SippMessageLog {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    record Message(Instant at, boolean received, String firstLine, String callId) {
        /** The user part of a request's Request-URI ({@code INVITE sip:+1555...@host SIP/2.0}), else null. */
        String requestUser() {
            int colon = firstLine.indexOf("sip:");
            int at = firstLine.indexOf('@');
            return firstLine.contains(" SIP/2.0") && colon > 0 && at > colon ? firstLine.substring(colon + 4, at) : null;
        }
    }

    static List<Message> read(Path file) throws IOException {
        List<Message> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("----------------------------------------------- ")) {
                continue;
            }
            Instant at = LocalDateTime.parse(l.substring(48).strip(), STAMP).atZone(ZoneId.systemDefault()).toInstant();
            boolean received = i + 1 < lines.size() && lines.get(i + 1).contains("received");
            String first = null;
            String callId = null;
            for (int j = i + 2; j < lines.size() && !lines.get(j).startsWith("-----------------------------------------------"); j++) {
                String m = lines.get(j);
                if (first == null && !m.isBlank()) {
                    first = m.strip();
                } else if (m.regionMatches(true, 0, "Call-ID:", 0, 8)) {
                    callId = m.substring(8).strip();
                }
            }
            if (first != null) {
                out.add(new Message(at, received, first, callId));
            }
        }
        return out;
    }
}
