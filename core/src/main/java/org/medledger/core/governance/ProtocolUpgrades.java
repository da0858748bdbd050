package org.medledger.core.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * The upgrades the consortium passed, as the ledger recorded them ({@code consortium/upgrade/<id>}):
 * each names the protocol version every node must run from its height on. A passed upgrade's
 * height lies at least the activation delay past the block that passed it, so the state after
 * block h − 1 already holds every upgrade that binds at h; every node reads the same answer.
 *
 * <p>A chain starts at the version its genesis names ({@link
 * org.medledger.core.genesis.Genesis#protocolVersion}, 1 when it names none): the genesis is not
 * in the state, so each reader is handed that starting version by whoever built it from the
 * genesis (the audit contract by the records application, the governance contract from its
 * membership, the node from its genesis), the way the chain id reaches them.
 */
public final class ProtocolUpgrades {
  /** A passed upgrade: from {@code height} on, blocks are executed under {@code protocolVersion}. */
  public record Upgrade(long proposal, int protocolVersion, long height) {}

  private ProtocolUpgrades() {}

  /** Every passed upgrade, in the order of the proposals that passed them. */
  public static List<Upgrade> passed(StateReader state) {
    List<Upgrade> out = new ArrayList<>();
    state.scan(StateKeys.of(Consortium.NAMESPACE, Consortium.UPGRADE_PREFIX), (k, v) -> {
      SortedMap<String, String> values = Consortium.decodeValues(v);
      out.add(new Upgrade(Long.parseLong(values.get("proposal")), Integer.parseInt(values.get("protocolVersion")),
          Long.parseLong(values.get("height"))));
      return true;
    });
    return out;
  }

  /**
   * The first upgrade a release running protocol versions up to {@code runsUpTo} cannot follow:
   * of those that need a later version, the one binding at the lowest height (then the highest
   * version). Empty when the release runs every passed upgrade.
   */
  public static Optional<Upgrade> firstBeyond(StateReader state, int runsUpTo) {
    Upgrade first = null;
    for (Upgrade u : passed(state)) {
      if (u.protocolVersion() > runsUpTo && (first == null || u.height() < first.height()
          || (u.height() == first.height() && u.protocolVersion() > first.protocolVersion()))) {
        first = u;
      }
    }
    return Optional.ofNullable(first);
  }

  /**
   * The protocol version in force at {@code height}: the highest of the chain's starting version
   * ({@code startingVersion}, the genesis's) and the upgrades bound by then.
   */
  public static int versionAt(int startingVersion, StateReader state, long height) {
    int version = startingVersion;
    for (Upgrade u : passed(state)) {
      if (u.height() <= height) {
        version = Math.max(version, u.protocolVersion());
      }
    }
    return version;
  }
}
