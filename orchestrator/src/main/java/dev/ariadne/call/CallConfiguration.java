package dev.ariadne.call;

import dev.ariadne.agent.AgentService;
import dev.ariadne.ai.AgentConnector;
import dev.ariadne.ari.AriClient;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.io.IoLoops;
import dev.ariadne.media.MediaRelay;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
    CallServices callServices(AriClient ari, IoLoops loops, MediaRelay media, AgentConnector agents, AgentService agentDirectory,
            CallRepository records, CallRegistry registry, CallProperties props, OutboundProperties outbound,
            TwilioDialer twilio, TwilioStreams streams, CallMeters meters) {
        return new CallServices(ari, loops, media, agents, agentDirectory, records, registry, props, outbound, twilio,
                streams, meters);
    }

    /**
     * Gives the drain's shutdown phase the time it needs: the drain timeout plus the teardown of the calls it ends.
     * Spring's {@code spring.lifecycle.timeout-per-shutdown-phase} (default 30s) would otherwise cut the drain short;
     * derived here, it cannot be set too short, and it stays what it was for every other phase. Bound from the
     * environment (static: a post-processor comes before the configuration-properties beans).
     */
    @Bean
    static BeanPostProcessor drainPhaseTimeout(Environment environment) {
        CallProperties props = Binder.get(environment).bindOrCreate("ariadne.call", CallProperties.class);
        long millis = CallDrain.phaseTimeout(props.drainTimeout()).toMillis();
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof DefaultLifecycleProcessor lifecycle) {
                    lifecycle.setTimeoutForShutdownPhase(CallDrain.PHASE, millis);
                }
                return bean;
            }
        };
    }
}
