package org.medledger.it.golden;

/**
 * The first place a replay departs from the recording: the block height, the transaction index
 * (-1 for the block as a whole), what differs, and both values.
 */
public record GoldenDifference(long height, int tx, String what, String recorded, String replayed) {
  @Override
  public String toString() {
    String where = height < 0 ? "genesis" : "block " + height + (tx < 0 ? "" : ", transaction " + tx);
    return where + ": " + what + " differs\n  recorded: " + recorded + "\n  replayed: " + replayed;
  }
}
