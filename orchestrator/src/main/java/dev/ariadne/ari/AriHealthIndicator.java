package dev.ariadne.ari;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code ari}: up while the events WebSocket is connected, i.e. while Asterisk has the Stasis app registered
 * and a call can be taken. Part of the readiness group (application.yml), so that "ready" means calls work: until
 * the first connect after a start, and during an Asterisk restart, a call would get 503 and leave no record.
 */
@Component("ari")
class AriHealthIndicator implements HealthIndicator {
    private final AriClient ari;
    private final AriProperties props;

    /** With {@code ariadne.ari.enabled=false} there is no client: an API-only node is ready without Asterisk. */
    AriHealthIndicator(ObjectProvider<AriClient> ari, AriProperties props) {
        this.ari = ari.getIfAvailable();
        this.props = props;
    }

    @Override
    public Health health() {
        if (ari == null) {
            return Health.up().withDetail("ari", "disabled (ariadne.ari.enabled=false): API only, no calls").build();
        }
        Health.Builder b = ari.eventsConnected() ? Health.up() : Health.down()
                .withDetail("reason", "the ARI events WebSocket is not connected: Asterisk does not have the Stasis app '"
                        + props.app() + "' registered, so calls cannot be taken");
        return b.withDetail("app", props.app()).build();
    }
}
