/**
 * Typed values of the structured SIP header fields (RFC 3261 §20, §25.1): header parameters,
 * name-addr (From, To, Route, Record-Route, Path), Contact, Via and the Digest authentication
 * values (RFC 7616). Each parses one field value from a byte range of the received message,
 * keeps those octets for forwarding unchanged, and decodes parts only when asked.
 */
package io.parley.message.header;
