/**
 * Dialogs (RFC 3261 §12) as the proxy that Record-Routes them sees them: their state, the two
 * legs it would need to end them, their limits and timeouts, and the events that feed the CDRs
 * and the store that brings a confirmed dialog back after its node is gone.
 */
package io.parley.dialog;
