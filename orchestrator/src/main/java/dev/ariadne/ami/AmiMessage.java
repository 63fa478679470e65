package dev.ariadne.ami;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** One AMI message (a response or an event): its {@code Key: value} lines, keys case-insensitive. */
public record AmiMessage(Map<String, String> fields) {
    public AmiMessage {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(fields);
        fields = Collections.unmodifiableMap(copy);
    }

    public String get(String key) {
        return fields.get(key);
    }

    public boolean isEvent() {
        return fields.containsKey("Event");
    }

    /** Parses a block of {@code Key: value} lines; a line without a colon is skipped, a repeated key keeps its first. */
    static AmiMessage parse(String block) {
        TreeMap<String, String> f = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new AmiMessage(f);
    }

    @Override
    public String toString() {
        return fields.containsKey("Secret") ? "AmiMessage[redacted]" : "AmiMessage" + fields;
    }
}
