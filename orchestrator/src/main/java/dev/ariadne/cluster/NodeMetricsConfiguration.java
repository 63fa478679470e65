package dev.ariadne.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every meter carries the node it was measured on ({@code node}: {@code ariadne.cluster.node-id}), in the Prometheus
 * scrape and in the OTLP export alike, so that a dashboard over several nodes can tell them apart.
 */
@Configuration(proxyBeanMethods = false)
class NodeMetricsConfiguration {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> nodeTag(ClusterProperties cluster) {
        return registry -> registry.config().commonTags("node", cluster.nodeId());
    }
}
