/**
 * NAT traversal (RFC 3581, RFC 5626; issue 13): whether a UA sits behind a NAT, decided the way
 * operators know from nathelper's {@code nat_uac_test}, and the keepalives that hold its pinhole.
 * Depends on the transport and message layers only; the registrar and the proxy use it.
 */
package io.parley.nat;
