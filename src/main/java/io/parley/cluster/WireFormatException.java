package io.parley.cluster;

/** What arrived from another node is not what the writer writes: truncated, corrupt or unknown. */
public final class WireFormatException extends RuntimeException {
  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
