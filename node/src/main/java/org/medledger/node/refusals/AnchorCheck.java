package org.medledger.node.refusals;

import org.medledger.core.refusals.RefusalLogAnchor;

/**
 * The refusal log held against the heads this node anchored on the ledger: whether every anchored
 * head is still in it (the entry at the anchored number has the anchored hash; an anchor at the
 * entry retention dropped last matches the hash the oldest kept entry names; an anchor older than
 * that is past checking, its entries gone by retention). {@code diverging} is the first anchor the
 * log no longer holds, with {@code problem} saying how.
 *
 * @param anchors this node's anchors on the ledger
 * @param checked those held against the log
 * @param beforeRetained those older than the log's retained entries (not checkable)
 * @param latest the newest anchor, null before any
 */
public record AnchorCheck(long anchors, long checked, long beforeRetained, RefusalLogAnchor latest, RefusalLogAnchor diverging,
    String problem) {
  public static final AnchorCheck NONE = new AnchorCheck(0, 0, 0, null, null, null);

  public boolean consistent() {
    return diverging == null;
  }

  /** "consistent", "diverges" or, before any anchor, "no_anchor". */
  public String verdict() {
    return diverging != null ? "diverges" : anchors == 0 ? "no_anchor" : "consistent";
  }
}
