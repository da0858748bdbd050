package org.medledger.crypto.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeKeyTest {
  @Test
  void theNodesOfOneLevelHashApart() {
    // All 65,536 nodes at depth 16 of one version (the fourth nibble level of a tree of a
    // million keys): the old hash gave them about 8,000 distinct values.
    Set<Integer> hashes = new HashSet<>();
    for (int a = 0; a < 16; a++) {
      for (int b = 0; b < 16; b++) {
        for (int c = 0; c < 16; c++) {
          for (int d = 0; d < 16; d++) {
            hashes.add(NodeKey.root(42).nibbleChild(a, 42).nibbleChild(b, 42).nibbleChild(c, 42).nibbleChild(d, 42).hashCode());
          }
        }
      }
    }
    assertThat(hashes.size()).isGreaterThan(65_000);
  }

  @Test
  void orderAndEqualityFollowTheEncoding() {
    qt().withExamples(500).forAll(longs().all(), integers().between(0, 64), integers().between(0, 64))
        .checkAssert(NodeKeyTest::orderAndEqualityFollowTheEncoding);
  }

  static void orderAndEqualityFollowTheEncoding(long seed, int depthA, int depthB) {
    Random r = new Random(seed);
    NodeKey a = walk(r, r.nextInt(3), depthA);
    NodeKey b = r.nextInt(4) == 0 ? a.withVersion(a.version()) : walk(r, r.nextInt(3), depthB);
    int byEncoding = Integer.signum(Arrays.compareUnsigned(a.encode(), b.encode()));
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(byEncoding);
    assertThat(a.equals(b)).isEqualTo(byEncoding == 0);
    if (a.equals(b)) {
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
  }

  private static NodeKey walk(Random r, long version, int nibbles) {
    NodeKey k = NodeKey.root(version);
    for (int i = 0; i < nibbles; i++) {
      k = k.nibbleChild(r.nextInt(2), version);
    }
    return k;
  }
}
