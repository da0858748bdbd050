package org.medledger.apps.trials.contract;

import org.medledger.crypto.Hash;

/**
 * One pre-specified outcome as the ledger keeps it: its id, whether it is primary or secondary,
 * the hash of its measure's exact text (so a reworded measure shows) and its time frame.
 */
public record RegisteredOutcome(String id, String kind, Hash measureHash, String timeFrame) {
  public static final String PRIMARY = "primary";
  public static final String SECONDARY = "secondary";

  /** Whether {@code other} is the same outcome measured the same way at the same time. */
  public boolean sameMeasureAndTimeFrame(Hash otherMeasure, String otherTimeFrame) {
    return measureHash.equals(otherMeasure) && timeFrame.equals(otherTimeFrame);
  }
}
