package dev.ariadne.call;

import dev.ariadne.agent.AgentService;
import dev.ariadne.ai.AgentConnector;
import dev.ariadne.ari.AriClient;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.io.IoLoops;
import dev.ariadne.media.MediaRelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CallConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "ariadne.ari", name = "enabled", havingValue = "true", matchIfMissing = true)
    CallServices callServices(AriClient ari, IoLoops loops, MediaRelay media, AgentConnector agents, AgentService agentDirectory,
            CallRepository records, CallRegistry registry, CallProperties props, OutboundProperties outbound,
            TwilioDialer twilio, TwilioStreams streams) {
        return new CallServices(ari, loops, media, agents, agentDirectory, records, registry, props, outbound, twilio,
                streams);
    }
}
