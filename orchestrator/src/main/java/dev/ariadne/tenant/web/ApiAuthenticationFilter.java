package dev.ariadne.tenant.web;

import dev.ariadne.common.UnauthorizedException;
import dev.ariadne.tenant.AuthenticatedTenant;
import dev.ariadne.tenant.TenantService;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Bearer authentication for {@code /api/v1/**}: the admin token for creating tenants and for the operators'
 * {@code /api/v1/admin/**}, a tenant API key for everything else. The authenticated tenant travels as an exchange attribute.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class ApiAuthenticationFilter implements WebFilter {
    static final String TENANT_ATTRIBUTE = AuthenticatedTenant.class.getName();
    private final TenantService tenants;

    ApiAuthenticationFilter(TenantService tenants) {
        this.tenants = tenants;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        String token = bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return reject(exchange, "missing Authorization: Bearer <key> header");
        }
        if (isTenantCreation(exchange, path) || path.startsWith("/api/v1/admin/")) {
            return tenants.isAdminToken(token) ? chain.filter(exchange) : reject(exchange, "invalid admin token");
        }
        return tenants.authenticate(token)
                .flatMap(t -> {
                    exchange.getAttributes().put(TENANT_ATTRIBUTE, t);
                    return chain.filter(exchange).contextWrite(ctx -> ctx.put(AuthenticatedTenant.class, t));
                })
                .onErrorResume(UnauthorizedException.class, e -> reject(exchange, e.getMessage()));
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

    private static Mono<Void> reject(ServerWebExchange exchange, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"https://ariadne.dev/problems/unauthorized\",\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"" + detail.replace("\"", "'") + "\"}";
        DataBuffer buf = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buf));
    }
}
