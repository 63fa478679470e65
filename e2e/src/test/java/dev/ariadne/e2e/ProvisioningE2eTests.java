package dev.ariadne.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ariadne.ari.AriProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A trunk created through the REST API becomes a PJSIP endpoint in Ariadne's running Asterisk. */
@E2eTest
class ProvisioningE2eTests {
    private final E2eStack stack;

    ProvisioningE2eTests(E2eStack stack) {
        this.stack = stack;
    }

    @Test
    void trunkCreatedThroughTheApiIsAnEndpointInAsterisk() throws Exception {
        Api api = stack.api();
        String key = api.tenant("provisioning");
        // An allowed IP no test calls from, so this trunk never competes with the carrier trunks of other tests.
        Map<String, Object> trunk = api.trunk(key,
                Api.carrierTrunk("provisioned", stack.carrierSipPort(), List.of("192.0.2.44")));
        String endpointId = (String) trunk.get("endpointId");
        assertThat(endpointId).isNotBlank();

        // Asterisk reads the endpoint from PostgreSQL (realtime, as role asterisk): the trunk's settings.
        String endpoint = stack.ariadneAsterisk().cli("pjsip show endpoint " + endpointId);
        assertThat(endpoint).as(endpoint).contains("Endpoint:  " + endpointId).contains("ulaw");

        // ARI knows an endpoint once Asterisk has loaded it.
        HttpResponse<String> response = ariGet(stack.ariadneAri(), "/endpoints/PJSIP/" + endpointId);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"technology\":\"PJSIP\"").contains("\"resource\":\"" + endpointId + "\"");
    }

    @Test
    void trunkProvisioningIsReportedAppliedOnceAsteriskHasIt() {
        Api api = stack.api();
        String key = api.tenant("provisioning-status");
        String trunkId = (String) api.trunk(key,
                Api.carrierTrunk("status", stack.carrierSipPort(), List.of("192.0.2.45"))).get("id");
        api.awaitApplied(key, trunkId);
    }

    @Test
    void carrierTrunkHealthBecomesReachableFromAsterisksQualify() {
        CarrierTenant tenant = stack.carrierTenant();
        org.awaitility.Awaitility.await("health of the carrier trunk").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> health(tenant), "reachable"::equals);
    }

    @SuppressWarnings("unchecked")
    private static String health(CarrierTenant tenant) {
        Map<String, Object> trunk = tenant.api().get(tenant.apiKey(), "/api/v1/trunks/" + tenant.trunkId());
        return (String) ((Map<String, Object>) trunk.get("health")).get("status");
    }

    @Test
    void endpointOfAnUnknownTrunkIsNotInAsterisk() throws Exception {
        assertThat(ariGet(stack.ariadneAri(), "/endpoints/PJSIP/no-such-trunk-e2e").statusCode()).isEqualTo(404);
    }

    static HttpResponse<String> ariGet(AriProperties ari, String path) throws Exception {
        String auth = Base64.getEncoder()
                .encodeToString((ari.username() + ":" + ari.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(ari.url() + "ari" + path))
                .header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(5))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
