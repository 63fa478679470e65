package dev.ariadne.ari;

/** What Asterisk says about itself: version (e.g. {@code 22.10.1}) and entity id. */
public record AsteriskInfo(String version, String entityId) {}
