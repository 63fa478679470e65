package dev.ariadne.cluster;

import dev.ariadne.ari.AriClient;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/** This node's heartbeat and registrar lease; one node alone simply holds the lease. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /** Only a node whose Asterisk is connected (Stasis app registered) competes; none without ARI. */
    @Bean
    RegistrarLease registrarLease(DatabaseClient db, ClusterProperties props, ObjectProvider<AriClient> ari) {
        AriClient client = ari.getIfAvailable();
        return new RegistrarLease(db, props, () -> client != null && client.eventsConnected());
    }

    /**
     * Starts before the call handling (an early phase) so that a restarted node has freed its old call slots before
     * it admits a call, and stops after it, giving up the lease last.
     */
    @Bean
    SmartLifecycle clusterNode(DatabaseClient db, ClusterProperties props, RegistrarLease lease) {
        NodeHeartbeat heartbeat = new NodeHeartbeat(db, props, lease);
        return new SmartLifecycle() {
            @Override
            public void start() {
                heartbeat.register().block(Duration.ofSeconds(30));
                heartbeat.start();
            }

            @Override
            public void stop() {
                heartbeat.stop();
                lease.release().onErrorComplete().block(Duration.ofSeconds(5));
            }

            @Override
            public boolean isRunning() {
                return heartbeat.isRunning();
            }

            @Override
            public int getPhase() {
                return Integer.MIN_VALUE + 1000;
            }
        };
    }
}
