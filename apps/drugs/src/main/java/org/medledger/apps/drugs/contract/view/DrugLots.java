package org.medledger.apps.drugs.contract.view;

import java.util.Optional;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.PackState;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * What another application's contract may read of the drugs ledger, in plain types: whether a lot
 * of a GTIN was ever commissioned, and one pack's lot, holder and status. The one door (the
 * layering rule lets other contracts import only {@code contract.view}), so drugs' own records and
 * keys can change behind it. Every read is a deterministic read of state, usable inside a
 * transaction through {@code OtherContractsState}.
 */
public final class DrugLots {
  private DrugLots() {}

  /** Whether a lot is on the ledger: found, never commissioned, or not decided within the keys a caller allows. */
  public enum LotPresence { FOUND, ABSENT, UNDECIDED }

  /** One commissioned pack as another contract needs it. */
  public record PackFacts(String lot, String holder, boolean dispensed) {}

  /**
   * Whether any pack of {@code gtin} was commissioned in {@code lot}. Drugs keeps packs by GTIN
   * and serial, with no index by lot, so this visits the GTIN's packs in key order and stops at the
   * first of the lot; {@code maxPacksVisited} bounds the keys a transaction spends on it (each is
   * a unit of its work, WorkLimits): past it the answer is {@link LotPresence#UNDECIDED}, and a
   * caller that names one pack of the lot is answered by {@link #pack} in one read.
   */
  public static LotPresence lot(StateReader state, Gtin gtin, String lot, int maxPacksVisited) {
    LotPresence[] found = {LotPresence.ABSENT};
    int[] visited = {0};
    state.scan(StateKeys.of(DrugsContract.NAME, "pack/" + gtin + "/"), (k, v) -> {
      if (PackState.decode(v).lot().equals(lot)) {
        found[0] = LotPresence.FOUND;
        return false;
      }
      if (++visited[0] >= maxPacksVisited) {
        found[0] = LotPresence.UNDECIDED;
        return false;
      }
      return true;
    });
    return found[0];
  }

  /** A commissioned pack's lot, holder and whether it was dispensed; empty for a serial never commissioned. */
  public static Optional<PackFacts> pack(StateReader state, Gtin gtin, String serial) {
    return DrugQueries.pack(state, gtin, serial)
        .map(p -> new PackFacts(p.lot(), p.holder(), p.status() == PackState.Status.DISPENSED));
  }
}
