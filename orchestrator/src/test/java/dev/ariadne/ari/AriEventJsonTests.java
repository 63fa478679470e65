package dev.ariadne.ari;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ARI event JSON as Asterisk 22.10 sends it (fields trimmed), into call control's events. */
class AriEventJsonTests {

    @Test
    void stasisStartCarriesArgsCallerDialledExtensionAndChannelVariables() {
        AriEvent e = AriEventJson.parse("""
                {"type":"StasisStart","timestamp":"2026-12-02T10:00:00.000+0000","args":["inbound","e1-line"],
                 "channel":{"id":"1700.1","name":"PJSIP/e1-00000001","state":"Ring",
                  "caller":{"name":"","number":"+15550100001"},"connected":{"name":"","number":""},
                  "dialplan":{"context":"ariadne-inbound","exten":"+15551234567","priority":2,"app_name":"Stasis"},
                  "channelvars":{"ARIADNE_SOURCE":"192.0.2.1:5060","ARIADNE_SIP_CALL_ID":"abc@192.0.2.1","ARIADNE_TO":""},
                  "protocol_id":"abc@192.0.2.1","language":"en"},
                 "asterisk_id":"00:00:00:00:00:01","application":"ariadne"}""");
        assertThat(e).isEqualTo(new AriEvent.StasisStart("1700.1", "PJSIP/e1-00000001", List.of("inbound", "e1-line"),
                "+15550100001", "+15551234567", "Ring",
                Map.of("ARIADNE_SOURCE", "192.0.2.1:5060", "ARIADNE_SIP_CALL_ID", "abc@192.0.2.1", "ARIADNE_TO", "")));
    }

    @Test
    void hangupRequestAndDestroyedCarryTheSipStatusWhenAsteriskSendsIt() {
        assertThat(AriEventJson.parse("""
                {"type":"ChannelDestroyed","cause":34,"cause_txt":"Circuit/channel congestion","tech_cause":503,
                 "channel":{"id":"out-1","state":"Down","protocol_id":"4f2a@192.0.2.10"}}"""))
                .isEqualTo(new AriEvent.ChannelDestroyed("out-1", 34, "Circuit/channel congestion", 503, "4f2a@192.0.2.10"));
        assertThat(AriEventJson.parse("""
                {"type":"ChannelDestroyed","cause":16,"cause_txt":"Normal Clearing","channel":{"id":"c"}}"""))
                .isEqualTo(new AriEvent.ChannelDestroyed("c", 16, "Normal Clearing", null, null));
        assertThat(AriEventJson.parse("""
                {"type":"ChannelHangupRequest","cause":17,"tech_cause":486,"soft":false,"channel":{"id":"c"}}"""))
                .isEqualTo(new AriEvent.ChannelHangupRequest("c", 17, 486));
    }

    @Test
    void dialProgressNamesThePeerAndItsStatus() {
        assertThat(AriEventJson.parse("""
                {"type":"Dial","dialstatus":"RINGING","dialstring":"+15551234567@e1",
                 "peer":{"id":"out-1","name":"PJSIP/e1-00000002","state":"Ringing"}}"""))
                .isEqualTo(new AriEvent.Dial("out-1", "RINGING"));
    }

    @Test
    void otherEventsDtmfStateAndPlaybacks() {
        assertThat(AriEventJson.parse("{\"type\":\"ChannelDtmfReceived\",\"digit\":\"5\",\"duration_ms\":120,\"channel\":{\"id\":\"c\"}}"))
                .isEqualTo(new AriEvent.ChannelDtmfReceived("c", "5", 120));
        assertThat(AriEventJson.parse("{\"type\":\"ChannelStateChange\",\"channel\":{\"id\":\"c\",\"state\":\"Up\"}}"))
                .isEqualTo(new AriEvent.ChannelStateChange("c", "Up"));
        assertThat(AriEventJson.parse("{\"type\":\"PlaybackFinished\",\"playback\":{\"id\":\"p\",\"target_uri\":\"channel:c\"}}"))
                .isEqualTo(new AriEvent.PlaybackFinished("p", "channel:c"));
        assertThat(AriEventJson.parse("{\"type\":\"StasisEnd\",\"channel\":{\"id\":\"c\"}}"))
                .isEqualTo(new AriEvent.StasisEnd("c"));
        assertThat(AriEventJson.parse("{\"type\":\"BridgeCreated\",\"bridge\":{\"id\":\"b\"}}"))
                .isEqualTo(new AriEvent.Other("BridgeCreated"));
    }

    @Test
    void textThatIsNoJsonIsRefused() {
        assertThatThrownBy(() -> AriEventJson.parse("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
