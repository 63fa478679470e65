package dev.ariadne.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Query parameters reach SQL as text (filters such as {@code ?number=}); PostgreSQL refuses U+0000 in text with
 * an error that would surface as a 500. Refused here for every API query parameter, naming it, like JSON fields.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class QueryTextFilter implements WebFilter {
    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var query = exchange.getRequest().getQueryParams();
        if (query.isEmpty() || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        List<Map<String, String>> errors = new ArrayList<>();
        query.forEach((name, values) -> {
            if (name.indexOf('\u0000') >= 0 || values.stream().anyMatch(v -> v != null && v.indexOf('\u0000') >= 0)) {
                errors.add(Map.of("field", name.replace("\u0000", ""), "reason", JsonInput.NUL_REASON));
            }
        });
        if (errors.isEmpty()) {
            return chain.filter(exchange);
        }
        String detail = errors.stream().map(e -> e.get("field") + ": " + e.get("reason")).reduce((a, b) -> a + "; " + b)
                .orElse("");
        return ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                detail, Map.of("errors", errors));
    }
}
