package dev.ariadne.ari;

import ch.loway.oss.ari4java.generated.models.CallerID;
import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.generated.models.DialplanCEP;
import ch.loway.oss.ari4java.generated.models.Endpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps ari4java's generated models (nullable everywhere) to Ariadne's records. */
final class AriModels {

    private AriModels() {}

    static ChannelInfo channel(Channel c) {
        return new ChannelInfo(c.getId(), c.getName(), c.getState(), callerNumber(c), dialedExten(c));
    }

    static EndpointInfo endpoint(Endpoint e) {
        return new EndpointInfo(e.getTechnology(), e.getResource(), e.getState(), e.getChannel_ids());
    }

    static String callerNumber(Channel c) {
        CallerID caller = c.getCaller();
        return caller == null ? null : caller.getNumber();
    }

    static String dialedExten(Channel c) {
        DialplanCEP dialplan = c.getDialplan();
        return dialplan == null ? null : dialplan.getExten();
    }

    /** channelvars is typed Object by the generator; Jackson gives a map of strings. */
    static Map<String, String> channelVars(Channel c) {
        Map<String, String> vars = new LinkedHashMap<>();
        if (c.getChannelvars() instanceof Map<?, ?> raw) {
            raw.forEach((k, v) -> {
                if (k != null && v != null) {
                    vars.put(k.toString(), v.toString());
                }
            });
        }
        return vars;
    }

    static int intOrZero(Integer value) {
        return value == null ? 0 : value;
    }
}
