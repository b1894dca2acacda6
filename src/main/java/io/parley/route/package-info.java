/**
 * The request route: which core each arriving message goes to (the registrar, a stateless
 * answer, the call entity of its Call-ID), named and tested like a Kamailio route block, and the
 * node's SIP side that feeds it ({@link io.parley.route.SipRouter}: the sockets and the edge).
 */
package io.parley.route;
