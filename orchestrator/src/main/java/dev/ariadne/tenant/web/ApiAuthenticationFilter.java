package dev.ariadne.tenant.web;

import dev.ariadne.common.Addresses;
import dev.ariadne.common.UnauthorizedException;
import dev.ariadne.ratelimit.ApiRateLimiter;
import dev.ariadne.ratelimit.TokenBucket;
import dev.ariadne.tenant.ApiKeyMaterial;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.tenant.TenantService;
import dev.ariadne.tenant.TierLimits;
import dev.ariadne.web.ProblemResponses;
import dev.ariadne.web.ProblemTypes;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Bearer authentication and rate limits for {@code /api/v1/**}: the admin token for creating tenants and for the operators'
 * {@code /api/v1/admin/**}, a tenant API key for everything else. The authenticated tenant travels as an exchange attribute.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiAuthenticationFilter implements WebFilter {
    static final String TENANT_ATTRIBUTE = AuthenticatedTenant.class.getName();
    private final TenantService tenants;
    private final ApiRateLimiter limits;

    ApiAuthenticationFilter(TenantService tenants, ApiRateLimiter limits) {
        this.tenants = tenants;
        this.limits = limits;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        InetAddress source = source(exchange);
        if (limits.enabled() && limits.addressBlocked(source)) {
            // Before any key is looked at: a right guess from a guessing address must not get through either.
            return tooMany(exchange, limits.addressState(source),
                    "too many requests without a valid API key from this address");
        }
        String token = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return failed(exchange, source, "missing Authorization: Bearer <key> header");
        }
        if (isTenantCreation(exchange, path) || path.startsWith("/api/v1/admin/")) {
            return tenants.isAdminToken(token) ? chain.filter(exchange) : failed(exchange, source, "invalid admin token");
        }
        // Buckets are named by the key's hash (known before the lookup), so that a key that has spent its bucket is
        // refused without a database query: a flood's refusals then cost little.
        String bucket = ApiKeyMaterial.hash(token);
        if (limits.enabled()) {
            TokenBucket.Decision spent = limits.exhausted(bucket);
            if (spent != null) {
                return tooMany(exchange, spent, "this API key is over its tier's limit");
            }
        }
        return tenants.authenticate(token)
                .flatMap(t -> {
                    if (limits.enabled()) {
                        TierLimits tier = tenants.limits(t.tier());
                        TokenBucket.Decision d = limits.admitKey(bucket, tier.requestsPerSecond(), tier.requestBurst());
                        rateLimitHeaders(exchange, d);
                        if (!d.allowed()) {
                            return tooMany(exchange, d, "this API key is over its tier's limit of "
                                    + tier.requestBurst() + " requests at once, "
                                    + BigDecimal.valueOf(tier.requestsPerSecond()).stripTrailingZeros().toPlainString()
                                    + " per second");
                        }
                    }
                    exchange.getAttributes().put(TENANT_ATTRIBUTE, t);
                    return chain.filter(exchange).contextWrite(ctx -> ctx.put(AuthenticatedTenant.class, t));
                })
                .onErrorResume(UnauthorizedException.class, e -> failed(exchange, source, e.getMessage()));
    }

    private static boolean isTenantCreation(ServerWebExchange exchange, String path) {
        return exchange.getRequest().getMethod() == HttpMethod.POST
                && (path.equals("/api/v1/tenants") || path.equals("/api/v1/tenants/"));
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String t = header.substring(7).strip();
        return t.isEmpty() ? null : t;
    }

    /**
     * The client's address. Behind a proxy with {@code server.forward-headers-strategy=framework}, Spring sets it
     * from {@code X-Forwarded-For}/{@code Forwarded} as an unresolved address: parsed here as a literal, never
     * looked up.
     */
    private static InetAddress source(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote == null) {
            return null;
        }
        if (remote.getAddress() != null) {
            return remote.getAddress();
        }
        String host = remote.getHostString();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return Addresses.isIp(host) ? InetAddress.getByName(host) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A request without a valid key: 401, or 429 once the address has spent its allowance. */
    private Mono<Void> failed(ServerWebExchange exchange, InetAddress source, String detail) {
        if (limits.enabled()) {
            TokenBucket.Decision d = limits.failedAuth(source);
            if (!d.allowed()) {
                return tooMany(exchange, d, "too many requests without a valid API key from this address");
            }
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "Unauthorized",
                detail, Map.of());
    }

    private static Mono<Void> tooMany(ServerWebExchange exchange, TokenBucket.Decision d, String detail) {
        rateLimitHeaders(exchange, d);
        long retry = Math.max(1, d.retryAfterSeconds());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retry));
        return ProblemResponses.write(exchange, HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED,
                "Too many requests", detail + "; retry after " + retry + " s", Map.of("retryAfterSeconds", retry));
    }

    // draft-ietf-httpapi-ratelimit-headers: the bucket's size, what is left, and seconds until it is full again.
    private static void rateLimitHeaders(ServerWebExchange exchange, TokenBucket.Decision d) {
        HttpHeaders h = exchange.getResponse().getHeaders();
        h.set("RateLimit-Limit", Integer.toString(d.limit()));
        h.set("RateLimit-Remaining", Integer.toString(d.remaining()));
        h.set("RateLimit-Reset", Long.toString(d.resetSeconds()));
    }
}
