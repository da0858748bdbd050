package org.medledger.crypto.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class MerkleProperties {
  static MerkleHasher hasher(boolean sm3) {
    return sm3 ? MerkleTestSupport.SM3 : MerkleTestSupport.SHA256;
  }

  /** A log of {@code size} leaves, the leaf {@code m} to prove, an older size {@code o} to prove consistent with, and a bit to flip. */
  record ProofCase(boolean sm3, int size, int m, int o, int flip) {
    static final Gen<ProofCase> ANY = in -> {
      boolean sm3 = booleans().all().generate(in);
      int size = integers().between(1, 5000).generate(in);
      int index = integers().between(0, 4999).generate(in);
      int old = integers().between(0, 4999).generate(in);
      return new ProofCase(sm3, size, index % size, old % size + 1, integers().all().generate(in));
    };
  }

  @Test
  void genuineProofsVerifyAndAlteredOnesDoNot() {
    qt().withExamples(60).forAll(ProofCase.ANY).checkAssert(MerkleProperties::genuineProofsVerifyAndAlteredOnesDoNot);
  }

  static void genuineProofsVerifyAndAlteredOnesDoNot(ProofCase example) {
    MerkleHasher h = hasher(example.sm3());
    int size = example.size();
    int m = example.m();
    int o = example.o();
    int flip = example.flip();
    InMemoryLogNodes log = MerkleTestSupport.log(h, MerkleTestSupport.leaves(size));
    MerkleVerifier v = new MerkleVerifier(h);
    byte[] root = log.rootHash();
    byte[] leaf = log.node(0, m);
    List<byte[]> p = MerkleProofs.inclusionProof(h, m, size, log);
    assertThat(v.verifyInclusion(m, size, leaf, p, root)).isTrue();
    if (!p.isEmpty()) {
      List<byte[]> bad = new ArrayList<>(p);
      int which = Math.floorMod(flip, bad.size());
      byte[] changed = bad.get(which).clone();
      changed[Math.floorMod(flip, changed.length)] ^= 1;
      bad.set(which, changed);
      assertThat(v.verifyInclusion(m, size, leaf, bad, root)).isFalse();
      assertThat(v.verifyInclusion(m, size, leaf, p.subList(0, p.size() - 1), root)).isFalse();
    }
    if (size > 1) {
      assertThat(v.verifyInclusion((m + 1) % size, size, leaf, p, root)).isFalse();
    }
    byte[] oldRoot = MerkleProofs.rootAt(h, o, log);
    List<byte[]> c = MerkleProofs.consistencyProof(h, o, size, log);
    assertThat(v.verifyConsistency(o, size, oldRoot, root, c)).isTrue();
    if (!c.isEmpty()) {
      List<byte[]> bad = new ArrayList<>(c);
      byte[] changed = bad.get(0).clone();
      changed[0] ^= 1;
      bad.set(0, changed);
      assertThat(v.verifyConsistency(o, size, oldRoot, root, bad)).isFalse();
      byte[] wrongOld = oldRoot.clone();
      wrongOld[1] ^= 1;
      assertThat(v.verifyConsistency(o, size, wrongOld, root, c)).isFalse();
    }
  }

  @Test
  void emittedNodesAreExactlyTheCompleteSubtreesAndRebuildTheEdge() {
    qt().withExamples(40).forAll(integers().between(0, 3000), booleans().all())
        .checkAssert(MerkleProperties::emittedNodesAreExactlyTheCompleteSubtreesAndRebuildTheEdge);
  }

  static void emittedNodesAreExactlyTheCompleteSubtreesAndRebuildTheEdge(int size, boolean sm3) {
    MerkleHasher h = hasher(sm3);
    CompactMerkleTree t = new CompactMerkleTree(h);
    Map<String, byte[]> stored = new HashMap<>();
    for (int i = 0; i < size; i++) {
      for (LogNode n : t.append(h.leafHash(new byte[] {(byte) i, (byte) (i >> 8)}))) {
        assertThat(stored.put(n.level() + "/" + n.index(), n.hash())).isNull();
      }
    }
    long expected = 0;
    for (int level = 0; level < 63; level++) {
      expected += ((long) size) >>> level;
    }
    assertThat(stored).hasSize((int) expected);
    LogNodeReader reader = (l, i) -> stored.get(l + "/" + i);
    assertThat(CompactMerkleTree.fromStore(h, size, reader).rootHash()).isEqualTo(t.rootHash());
    assertThat(MerkleProofs.rootAt(h, size, reader)).isEqualTo(t.rootHash());
    CompactMerkleTree back = CompactMerkleTree.decode(h, t.encode());
    assertThat(back.size()).isEqualTo(size);
    assertThat(back.rootHash()).isEqualTo(t.rootHash());
  }

  @Test
  void decodingMangledCompactTreesFailsCleanly() {
    qt().withExamples(200).forAll(integers().between(0, 200), integers().between(0, 100), integers().all())
        .checkAssert(MerkleProperties::decodingMangledCompactTreesFailsCleanly);
  }

  static void decodingMangledCompactTreesFailsCleanly(int size, int cut, int pos) {
    MerkleHasher h = MerkleTestSupport.SHA256;
    CompactMerkleTree t = new CompactMerkleTree(h);
    for (int i = 0; i < size; i++) {
      t.append(h.leafHash(new byte[] {(byte) i}));
    }
    byte[] bytes = t.encode();
    byte[] truncated = java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - 1 - cut % bytes.length));
    assertThatThrownBy(() -> CompactMerkleTree.decode(h, truncated)).isInstanceOf(IllegalArgumentException.class);
    byte[] sizeChanged = bytes.clone();
    sizeChanged[7] ^= (byte) (1 + Math.floorMod(pos, 255));
    try {
      CompactMerkleTree other = CompactMerkleTree.decode(h, sizeChanged);
      assertThat(Long.bitCount(other.size())).isEqualTo(Long.bitCount(size));
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).startsWith("compact tree");
    }
  }
}
