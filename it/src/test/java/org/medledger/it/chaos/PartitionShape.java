package org.medledger.it.chaos;

import java.util.ArrayList;
import java.util.List;

/** Which links a partition cuts among n nodes. */
public enum PartitionShape {
  /** The first half | the second half (2 | 2 of four: neither side has a quorum). */
  HALVES("halves"),
  /**
   * Each node keeps its two ring neighbours only (i ↔ i±1): every node sees a majority, no two
   * non-neighbours talk (of four: 0-2 and 1-3 cut).
   */
  RING("ring"),
  /** One node alone | the rest. */
  ISOLATE("isolate");

  private final String word;

  PartitionShape(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static PartitionShape of(String word) {
    for (PartitionShape s : values()) {
      if (s.word.equals(word)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown partition shape '" + word + "' (halves, ring, isolate)");
  }

  /** The node pairs (a &lt; b) whose link this shape cuts among {@code n} nodes. */
  public List<int[]> cutLinks(int n, int isolated) {
    List<int[]> cuts = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        boolean cut = switch (this) {
          case HALVES -> (a < n / 2) != (b < n / 2);
          case RING -> b - a != 1 && !(a == 0 && b == n - 1);
          case ISOLATE -> a == isolated || b == isolated;
        };
        if (cut) {
          cuts.add(new int[] {a, b});
        }
      }
    }
    return cuts;
  }
}
