package dev.ariadne.twilio;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Connect;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Reject;
import com.twilio.twiml.voice.Sip;
import com.twilio.twiml.voice.Stream;

/** The TwiML documents Ariadne answers Twilio with, written by the SDK's TwiML builders. */
final class TwiMl {
    /** The name of the stream's custom parameter that carries the call's one-time token. */
    static final String TOKEN = "ariadneToken";

    private TwiMl() {}

    /** {@code <Connect><Stream url>}: the call's audio goes to Ariadne's Media Streams socket, with the token. */
    static String stream(String websocketUrl, String token) {
        Stream stream = new Stream.Builder().url(websocketUrl)
                .parameter(new Parameter.Builder().name(TOKEN).value(token).build())
                .build();
        return new VoiceResponse.Builder().connect(new Connect.Builder().stream(stream).build()).build().toXml();
    }

    /** {@code <Reject reason>}: {@code busy} or {@code rejected}. */
    static String reject(String reason) {
        return new VoiceResponse.Builder()
                .reject(new Reject.Builder().reason("busy".equals(reason) ? Reject.Reason.BUSY : Reject.Reason.REJECTED)
                        .build())
                .build().toXml();
    }

    /** {@code <Dial>} to an E.164 number or a SIP URI: a transfer. */
    static String dial(String to) {
        Dial dial = to.startsWith("sip:") || to.startsWith("sips:")
                ? new Dial.Builder().sip(new Sip.Builder(to).build()).build()
                : new Dial.Builder().number(new Number.Builder(to).build()).build();
        return new VoiceResponse.Builder().dial(dial).build().toXml();
    }
}
