package io.parley.admin;

/** A provisioning request that cannot be done, and why, in words for the operator. */
public final class ProvisioningException extends RuntimeException {

  /** Why; each maps to one HTTP status. */
  public enum Reason {
    /** The request is malformed, or names a domain this server does not serve or a malformed one: 400. */
    INVALID(400),
    /** The subscriber, alias or domain exists already: 409. */
    EXISTS(409),
    /** The domain comes from the configuration ({@code parley.domains}), which the API cannot change: 409. */
    CONFIGURED(409),
    /** The thing is not in a state that allows it (a call not answered yet): 409. */
    CONFLICT(409),
    /** No such subscriber or domain: 404. */
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
