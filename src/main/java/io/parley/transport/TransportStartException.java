package io.parley.transport;

import java.util.Locale;

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

  /** A short reason from a bind failure: "address already in use" or the exception's message. */
  static String why(Throwable e) {
    String message = e.getMessage();
    String what = message == null ? e.getClass().getSimpleName() : message;
    return what.toLowerCase(Locale.ROOT).contains("in use") ? "address already in use" : what;
  }

  /** The listen point that failed. */
  public ListenPoint listenPoint() {
    return listenPoint;
  }
}
