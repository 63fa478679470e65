package dev.ariadne.call;

import dev.ariadne.media.MediaSession;

/** What a claimed Twilio Media Stream does to its call: it brings the call's media, and tells of DTMF and of its end. */
public interface TwilioStreamTarget {

    /** The stream is up: it is the call's media from now on. */
    void attach(MediaSession stream);

    /** The person pressed {@code digit}. */
    void dtmf(String digit);

    /** The stream ended ({@code stop}, or the socket closed): Twilio's call is over. */
    void ended(String why);
}
