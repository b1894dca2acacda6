package io.parley.location;

/**
 * How an event names the stored binding it changes: the exact contact string with the RFC 5626
 * instance and reg-id (two flows of one instance may register the same URI with reg-id 1 and 2).
 *
 * @param contact the contact URI exactly as stored
 * @param instanceId the {@code +sip.instance}, or null
 * @param regId the reg-id, or 0
 */
public record BindingRef(String contact, String instanceId, int regId) {}
