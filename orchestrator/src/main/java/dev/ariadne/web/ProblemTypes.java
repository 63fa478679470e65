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
    /** The node is shutting down (draining its calls); the same request to another node succeeds. */
    public static final URI DRAINING = URI.create(BASE + "draining");
    public static final URI INTERNAL = URI.create(BASE + "internal");
    public static final URI METHOD_NOT_ALLOWED = URI.create(BASE + "method-not-allowed");
    public static final URI NOT_ACCEPTABLE = URI.create(BASE + "not-acceptable");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(BASE + "unsupported-media-type");
    public static final URI RATE_LIMITED = URI.create(BASE + "rate-limited");
    public static final URI HTTP_ERROR = URI.create(BASE + "http-error");

    /** The type of an HTTP error that is not one of the domain's (no route, wrong method, media type...). */
    public static URI forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_BODY;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : HTTP_ERROR;
        };
    }

    private ProblemTypes() {}
}
