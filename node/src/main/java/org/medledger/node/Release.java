package org.medledger.node;

import org.medledger.core.governance.ProtocolVersion;

/**
 * What a build of MedLedger is: its release name and the highest protocol version its code runs
 * ({@code medledger --version} shows both). A node stops before the height of a passed upgrade
 * that needs a later protocol version ({@link org.medledger.node.ordering.UpgradeGate}).
 *
 * @param name the release, as {@code medledger --version} and medledger_build_info say it
 * @param protocolVersion the highest protocol version it runs (it runs every one from 1 up)
 */
public record Release(String name, int protocolVersion) {
  /** This build. */
  public static final Release CURRENT = new Release(MedLedgerNode.RELEASE, ProtocolVersion.CURRENT);

  public Release {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a release needs a name");
    }
    if (protocolVersion < 1) {
      throw new IllegalArgumentException("a release runs protocol version 1 or later, got " + protocolVersion);
    }
  }

  /** As {@code medledger --version} prints it. */
  public String describe() {
    return "medledger " + name + " (protocol version " + protocolVersion + ")";
  }
}
