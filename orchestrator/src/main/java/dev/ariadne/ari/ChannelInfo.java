package dev.ariadne.ari;

/** A channel as ARI lists it; fields ARI leaves out are null. */
public record ChannelInfo(String id, String name, String state, String callerNumber, String dialedExten) {}
