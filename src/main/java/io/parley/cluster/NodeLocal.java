package io.parley.cluster;

/**
 * Marks a message that an actor only ever sends to itself or to actors of its own node (a
 * timer, a child's event, a future's result): it never crosses nodes, so no serializer writes it
 * (a binding made for its interface refuses it) and {@link CrossingMessages} leaves it out of the
 * check at start. Sending one to another node fails on the sender, and nothing is delivered.
 */
public interface NodeLocal {}
