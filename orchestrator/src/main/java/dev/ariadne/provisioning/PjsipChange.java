package dev.ariadne.provisioning;

/**
 * A trunk's PJSIP objects changed in the database; Asterisk has to drop what it cached and (re)start the
 * outbound registration if there is one.
 *
 * @param removed the trunk's objects are gone (deleted or disabled trunk)
 * @param registrationId the outbound registration's id, or null when the trunk does not register
 */
public record PjsipChange(String endpointId, boolean removed, String registrationId) {}
