package dev.ariadne.web;

import dev.ariadne.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The OpenAPI document and its UI are served without a key and describe the tenant API. */
@ApiTest
class OpenApiDocumentTests {
    @Autowired
    WebTestClient web;

    @Test
    void openApiDocumentListsTheApi() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/trunks']").exists()
                .jsonPath("$.paths['/api/v1/trunks/{id}']").exists()
                .jsonPath("$.paths['/api/v1/numbers']").exists()
                .jsonPath("$.paths['/api/v1/agents']").exists()
                .jsonPath("$.paths['/api/v1/calls']").exists()
                .jsonPath("$.paths['/api/v1/tenants']").exists();
    }

    @Test
    void swaggerUiIsServed() {
        web.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        web.get().uri("/webjars/swagger-ui/index.html").exchange().expectStatus().isOk();
    }
}
