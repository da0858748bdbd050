package org.medledger.apps.drugs.node;

import java.util.List;

/**
 * The recalls page: the filter as typed (an error naming what was wrong with it, else null), the
 * recalled lots newest first, at {@code height}.
 */
public record RecallsView(String gtin, String lot, String error, List<Lot> lots, long height) {
  /** One recalled lot: its product and maker, each recall, who still holds its packs ({@code packs} in all). */
  public record Lot(String gtin, String lot, String maker, long firstHeight, List<Recall> recalls, List<Holder> holders,
      long packs, String anchor) {
    Lot at(int index) {
      return new Lot(gtin, lot, maker, firstHeight, recalls, holders, packs, "lot-" + index);
    }
  }

  /** One organisation's recall of the lot. */
  public record Recall(String by, String role, String reason, String time, long height) {}

  /** Packs of the lot still in the supply chain at one organisation, or on their way to it. */
  public record Holder(String organisation, boolean inTransit, long packs) {}
}
