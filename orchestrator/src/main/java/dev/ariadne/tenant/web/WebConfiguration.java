package dev.ariadne.tenant.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebFluxConfigurer {
    private final AuthenticatedTenantArgumentResolver resolver;

    WebConfiguration(AuthenticatedTenantArgumentResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(resolver);
    }
}
