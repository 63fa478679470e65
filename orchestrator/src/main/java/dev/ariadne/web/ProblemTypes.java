package dev.ariadne.web;

import java.net.URI;

/** Stable problem type URIs (RFC 9457); clients may switch on them. */
public final class ProblemTypes {
    private static final String BASE = "https://ariadne.dev/problems/";
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI MALFORMED_BODY = URI.create(BASE + "malformed-body");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI LIMIT_EXCEEDED = URI.create(BASE + "limit-exceeded");
    public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    public static final URI INTERNAL = URI.create(BASE + "internal");

    private ProblemTypes() {}
}
