package org.medledger.core.governance;

/**
 * The protocol this release's code runs: block and transaction formats, and the rules every node
 * executes alike. A consortium moves to a new protocol by an {@code upgrade} proposal naming the
 * version and the height it binds from ({@link ProtocolUpgrades}); a release that does not run it
 * stops before that height (docs/governance.md, Upgrades).
 *
 * <p>Version 2: the records audit refuses a hospital admin's read of clinical content on her
 * organisation's ground (docs/security.md, "Least privilege"); version 1 accepted it.
 */
public final class ProtocolVersion {
  /** The highest protocol version this release runs (it runs every one from 1 up to this). */
  public static final int CURRENT = 2;

  private ProtocolVersion() {}
}
