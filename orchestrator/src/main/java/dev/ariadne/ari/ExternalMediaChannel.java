package dev.ariadne.ari;

/**
 * An external-media channel and the local RTP address Asterisk sends from and expects RTP back on
 * ({@code UNICASTRTP_LOCAL_ADDRESS} / {@code UNICASTRTP_LOCAL_PORT}).
 */
public record ExternalMediaChannel(String channelId, String localAddress, int localPort) {}
