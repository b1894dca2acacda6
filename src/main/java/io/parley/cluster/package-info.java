/**
 * What lets a node's messages reach entities on other nodes (DESIGN.md, Cluster): compact binary
 * codecs for what SIP messages are made of ({@link io.parley.cluster.SipWire}: a message as its
 * raw bytes, flows, addresses, URIs), the writer and reader they use, and the check at start that
 * every message type that crosses nodes has a serializer bound. No SIP decisions are made here.
 */
package io.parley.cluster;
