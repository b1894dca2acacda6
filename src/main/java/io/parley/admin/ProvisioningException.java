package io.parley.admin;

/** A provisioning request that cannot be done, and why, in words for the operator. */
public final class ProvisioningException extends RuntimeException {

  /** Why; each maps to one HTTP status. */
  public enum Reason {
    /** The request is malformed or names a domain this server does not serve: 400. */
    INVALID(400),
    /** The subscriber or alias exists already: 409. */
    EXISTS(409),
    /** No such subscriber: 404. */
    NOT_FOUND(404),
    /** The database failed; the details are in the node's log: 503. */
    UNAVAILABLE(503);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Reason reason;

  public ProvisioningException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
