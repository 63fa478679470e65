package dev.ariadne.tenant.web;

import dev.ariadne.common.UnauthorizedException;
import dev.ariadne.tenant.AuthenticatedTenant;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets controllers take the request's {@link AuthenticatedTenant} as a parameter. */
@Component
class AuthenticatedTenantArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == AuthenticatedTenant.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter p, BindingContext ctx, ServerWebExchange exchange) {
        Object t = exchange.getAttribute(ApiAuthenticationFilter.TENANT_ATTRIBUTE);
        return t == null ? Mono.error(new UnauthorizedException("no tenant API key on this request")) : Mono.just(t);
    }
}
