package dev.ariadne.call;

import dev.ariadne.agent.AgentService;
import dev.ariadne.ai.AgentConnector;
import dev.ariadne.ari.AriClient;
import dev.ariadne.call.data.CallRepository;
import dev.ariadne.io.IoLoops;
import dev.ariadne.media.MediaRelay;

/** What every call session uses; one instance shared by all sessions. */
record CallServices(
        AriClient ari,
        IoLoops loops,
        MediaRelay media,
        AgentConnector agents,
        AgentService agentDirectory,
        CallRepository records,
        CallRegistry registry,
        CallProperties props,
        OutboundProperties outbound,
        TwilioDialer twilio,
        TwilioStreams streams,
        CallMeters meters) {}
