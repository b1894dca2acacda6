package io.parley.common;

/**
 * Marks a message or event that crosses nodes or reaches the journal as Jackson CBOR
 * (bound in parley-runtime.conf). SIP messages themselves use a compact binary serializer.
 */
public interface CborSerializable {}
