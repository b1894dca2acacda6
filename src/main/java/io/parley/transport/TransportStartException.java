package io.parley.transport;

/**
 * The transport layer could not start: a listen point could not be bound (its port is in use,
 * its address is not this machine's) or its host did not resolve. Nothing stays bound.
 */
public final class TransportStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ListenPoint listenPoint;

  TransportStartException(ListenPoint listenPoint, String why, Throwable cause) {
    super("cannot listen on " + listenPoint + ": " + why, cause);
    this.listenPoint = listenPoint;
  }

  /** The listen point that failed. */
  public ListenPoint listenPoint() {
    return listenPoint;
  }
}
