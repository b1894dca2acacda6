/**
 * URIs as SIP carries them (RFC 3261 §19.1, §25.1; RFC 3966; RFC 5118), parsed from bytes in
 * place: {@link io.parley.message.uri.Uri} and its cases, the character classes and host rules
 * they share, and {@link io.parley.message.uri.WireForm}, the exact-octets base of every parsed
 * value of the message layer.
 */
package io.parley.message.uri;
