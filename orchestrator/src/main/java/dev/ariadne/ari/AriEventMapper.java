package dev.ariadne.ari;

import ch.loway.oss.ari4java.generated.models.Channel;
import ch.loway.oss.ari4java.generated.models.Message;

/** The one place where ari4java's event models become {@link AriEvent}s. */
final class AriEventMapper {

    private AriEventMapper() {}

    static AriEvent map(Message message) {
        return switch (message) {
            case ch.loway.oss.ari4java.generated.models.StasisStart e -> stasisStart(e);
            case ch.loway.oss.ari4java.generated.models.StasisEnd e -> new AriEvent.StasisEnd(id(e.getChannel()));
            case ch.loway.oss.ari4java.generated.models.ChannelHangupRequest e ->
                new AriEvent.ChannelHangupRequest(id(e.getChannel()), AriModels.intOrZero(e.getCause()));
            case ch.loway.oss.ari4java.generated.models.ChannelDestroyed e ->
                new AriEvent.ChannelDestroyed(id(e.getChannel()), AriModels.intOrZero(e.getCause()), e.getCause_txt());
            case ch.loway.oss.ari4java.generated.models.ChannelDtmfReceived e ->
                new AriEvent.ChannelDtmfReceived(id(e.getChannel()), e.getDigit(), AriModels.intOrZero(e.getDuration_ms()));
            case ch.loway.oss.ari4java.generated.models.ChannelStateChange e ->
                new AriEvent.ChannelStateChange(id(e.getChannel()), e.getChannel() == null ? null : e.getChannel().getState());
            case ch.loway.oss.ari4java.generated.models.PlaybackFinished e -> e.getPlayback() == null
                    ? new AriEvent.PlaybackFinished(null, null)
                    : new AriEvent.PlaybackFinished(e.getPlayback().getId(), e.getPlayback().getTarget_uri());
            default -> new AriEvent.Other(message.getType());
        };
    }

    private static AriEvent.StasisStart stasisStart(ch.loway.oss.ari4java.generated.models.StasisStart e) {
        Channel c = e.getChannel();
        if (c == null) {
            return new AriEvent.StasisStart(null, null, e.getArgs(), null, null, null, null);
        }
        return new AriEvent.StasisStart(c.getId(), c.getName(), e.getArgs(), AriModels.callerNumber(c),
                AriModels.dialedExten(c), c.getState(), AriModels.channelVars(c));
    }

    private static String id(Channel channel) {
        return channel == null ? null : channel.getId();
    }
}
