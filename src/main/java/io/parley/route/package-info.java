/**
 * The request route: which core each arriving request goes to (the registrar, a stateless
 * answer, the call entity of its Call-ID), named and tested like a Kamailio route block.
 */
package io.parley.route;
