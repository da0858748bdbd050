package org.medledger.node.ordering;

/**
 * This node's release does not run the protocol version the chain requires from its next height:
 * it stops (or refuses to start) there rather than execute a block under rules it does not know.
 * {@code medledger node start} exits with {@link #EXIT_CODE}, which a service manager keeps
 * from restarting the same release (ops/systemd: {@code RestartPreventExitStatus}).
 */
public final class UpgradeRequiredException extends RuntimeException {
  /** Distinct from 1 (a refused command) and 2 (any other failure): "install the new release". */
  public static final int EXIT_CODE = 3;

  private final int protocolVersion;
  private final long height;

  public UpgradeRequiredException(String message, int protocolVersion, long height) {
    super(message);
    this.protocolVersion = protocolVersion;
    this.height = height;
  }

  /** The protocol version the chain requires. */
  public int protocolVersion() {
    return protocolVersion;
  }

  /** The height it is required from. */
  public long height() {
    return height;
  }
}
