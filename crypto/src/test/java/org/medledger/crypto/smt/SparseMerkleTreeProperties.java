package org.medledger.crypto.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.crypto.Gens.bytes;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.quicktheories.core.Gen;

class SparseMerkleTreeProperties {
  static HashFunction hash(boolean sm3) {
    return sm3 ? CryptoSuites.gm().hash() : CryptoSuites.intl().hash();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Random batches of sets, overwrites and deletes over a small key space, one version each. */
  static List<Map<String, String>> batches(long seed, int versions, int keySpace, int maxBatch) {
    Random r = new Random(seed);
    List<Map<String, String>> out = new ArrayList<>();
    for (int v = 0; v < versions; v++) {
      Map<String, String> b = new LinkedHashMap<>();
      int n = 1 + r.nextInt(maxBatch);
      for (int i = 0; i < n; i++) {
        String key = "key-" + r.nextInt(keySpace);
        b.put(key, r.nextInt(4) == 0 ? null : "value-" + r.nextInt(5));
      }
      out.add(b);
    }
    return out;
  }

  static Map<byte[], byte[]> writes(Map<String, String> batch) {
    Map<byte[], byte[]> w = new LinkedHashMap<>();
    batch.forEach((k, v) -> w.put(utf8(k), v == null ? null : utf8(v)));
    return w;
  }

  /** A history: {@code versions} random batches over {@code keySpace} keys drawn from {@code seed}. */
  record History(long seed, boolean sm3, int versions, int keySpace, boolean keepDecoded) {
    static final Gen<History> ANY = in -> new History(longs().all().generate(in), booleans().all().generate(in),
        integers().between(1, 40).generate(in), integers().between(1, 300).generate(in), booleans().all().generate(in));
  }

  @Test
  void everyVersionsRootIsTheDefinitionsAndEveryKeyProvesItsValueOrAbsence() {
    qt().withExamples(200).forAll(History.ANY).checkAssert(c ->
        everyVersionsRootIsTheDefinitionsAndEveryKeyProvesItsValueOrAbsence(c.seed(), c.sm3(), c.versions(), c.keySpace(), c.keepDecoded()));
  }

  static void everyVersionsRootIsTheDefinitionsAndEveryKeyProvesItsValueOrAbsence(long seed, boolean sm3, int versions, int keySpace,
      boolean keepDecoded) {
    HashFunction h = hash(sm3);
    SparseMerkleTree tree = new SparseMerkleTree(h);
    NaiveStateTree naive = new NaiveStateTree(h);
    InMemoryTreeNodes store = new InMemoryTreeNodes(keepDecoded);
    Map<String, String> state = new TreeMap<>();
    List<Map<String, String>> history = new ArrayList<>();
    long version = 0;
    for (Map<String, String> batch : batches(seed, versions, keySpace, 30)) {
      version++;
      TreeUpdate u = tree.update(store, store.latest(), version, writes(batch));
      store.apply(u);
      batch.forEach((k, v) -> {
        if (v == null) {
          state.remove(k);
        } else {
          state.put(k, v);
        }
      });
      history.add(new TreeMap<>(state));
      assertThat(u.root().hash()).as("root at version %d", version).isEqualTo(naive.root(state));
    }
    // Every key of the space, present or not, at every version still stored.
    for (long v = 1; v <= version; v++) {
      Map<String, String> at = history.get((int) v - 1);
      TreeRoot root = store.roots.get(v);
      for (int k = 0; k < keySpace; k++) {
        String key = "key-" + k;
        StateProof p = tree.prove(store, root, utf8(key));
        assertThat(p.present()).isEqualTo(at.containsKey(key));
        if (p.present()) {
          assertThat(new String(p.value(), StandardCharsets.UTF_8)).isEqualTo(at.get(key));
        }
        assertThat(p.problem(h, root.hash())).as("proof of %s at %d", key, v).isEmpty();
      }
    }
  }

  @Test
  void pruningKeepsExactlyTheNewestTreeAndItsProofs() {
    qt().withExamples(60).forAll(longs().all(), integers().between(1, 30), integers().between(1, 200))
        .checkAssert(SparseMerkleTreeProperties::pruningKeepsExactlyTheNewestTreeAndItsProofs);
  }

  static void pruningKeepsExactlyTheNewestTreeAndItsProofs(long seed, int versions, int keySpace) {
    HashFunction h = hash(false);
    SparseMerkleTree tree = new SparseMerkleTree(h);
    InMemoryTreeNodes store = new InMemoryTreeNodes();
    Map<String, String> state = new TreeMap<>();
    long version = 0;
    for (Map<String, String> batch : batches(seed, versions, keySpace, 20)) {
      store.apply(tree.update(store, store.latest(), ++version, writes(batch)));
      batch.forEach((k, v) -> {
        if (v == null) {
          state.remove(k);
        } else {
          state.put(k, v);
        }
      });
    }
    store.prune(version);
    // What is left is exactly what the newest tree reaches: nothing leaked, nothing lost.
    TreeRoot root = store.latest();
    assertThat(store.nodes.keySet()).containsExactlyInAnyOrderElementsOf(reachable(store, root));
    assertThat(reachable(store, root).stream().filter(k -> store.node(k).orElseThrow() instanceof TreeNode.Leaf)).hasSize(state.size());
    for (int k = 0; k < keySpace; k++) {
      StateProof p = tree.prove(store, root, utf8("key-" + k));
      assertThat(p.problem(h, root.hash())).isEmpty();
      assertThat(p.present()).isEqualTo(state.containsKey("key-" + k));
    }
  }

  static List<NodeKey> reachable(InMemoryTreeNodes store, TreeRoot root) {
    List<NodeKey> out = new ArrayList<>();
    if (!root.isEmpty()) {
      walk(store, root.node(), out);
    }
    return out;
  }

  private static void walk(InMemoryTreeNodes store, NodeKey at, List<NodeKey> out) {
    out.add(at);
    if (store.node(at).orElseThrow(() -> new AssertionError("missing " + at)) instanceof TreeNode.Internal in) {
      for (int nibble = 0; nibble < TreeNode.Internal.ARITY; nibble++) {
        if (!in.child(nibble).isEmpty()) {
          walk(store, at.nibbleChild(nibble, in.child(nibble).version()), out);
        }
      }
    }
  }

  @Test
  void theRootDependsOnTheStateNotOnTheOrderOfWrites() {
    qt().withExamples(40).forAll(longs().all(), integers().between(1, 150))
        .checkAssert(SparseMerkleTreeProperties::theRootDependsOnTheStateNotOnTheOrderOfWrites);
  }

  static void theRootDependsOnTheStateNotOnTheOrderOfWrites(long seed, int keys) {
    HashFunction h = hash(false);
    SparseMerkleTree tree = new SparseMerkleTree(h);
    Map<byte[], byte[]> all = new LinkedHashMap<>();
    for (int i = 0; i < keys; i++) {
      all.put(utf8("k" + i), utf8("v" + i));
    }
    InMemoryTreeNodes oneShot = new InMemoryTreeNodes();
    Hash once = tree.update(oneShot, TreeRoot.EMPTY, 1, all).root().hash();
    InMemoryTreeNodes piecewise = new InMemoryTreeNodes(true);
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(all.entrySet());
    java.util.Collections.shuffle(entries, new Random(seed));
    long v = 0;
    for (Map.Entry<byte[], byte[]> e : entries) {
      piecewise.apply(tree.update(piecewise, piecewise.latest(), ++v, Map.of(e.getKey(), utf8("temporary"))));
      piecewise.apply(tree.update(piecewise, piecewise.latest(), ++v, Map.of(e.getKey(), e.getValue())));
    }
    assertThat(piecewise.latest().hash()).isEqualTo(once);
  }

  @Test
  void anAlteredProofFails() {
    qt().withExamples(80).forAll(longs().all(), integers().between(2, 200), integers().all(), integers().all())
        .checkAssert(SparseMerkleTreeProperties::anAlteredProofFails);
  }

  static void anAlteredProofFails(long seed, int keys, int pick, int flip) {
    HashFunction h = hash(seed % 2 == 0);
    SparseMerkleTree tree = new SparseMerkleTree(h);
    InMemoryTreeNodes store = new InMemoryTreeNodes();
    Map<byte[], byte[]> all = new LinkedHashMap<>();
    for (int i = 0; i < keys; i++) {
      all.put(utf8("k" + i), utf8("v" + i));
    }
    store.apply(tree.update(store, TreeRoot.EMPTY, 1, all));
    TreeRoot root = store.latest();
    byte[] key = utf8("k" + Math.floorMod(pick, keys));
    StateProof p = tree.prove(store, root, key);
    assertThat(p.problem(h, root.hash())).isEmpty();
    // Another value for the key, or none.
    assertThat(new StateProof(key, utf8("forged"), p.siblings(), null).problem(h, root.hash())).isPresent();
    assertThat(new StateProof(key, null, p.siblings(), null).problem(h, root.hash())).isPresent();
    // One bit of one sibling.
    List<Hash> bad = new ArrayList<>(p.siblings());
    int i = Math.floorMod(flip, bad.size());
    byte[] b = bad.get(i).toBytes();
    b[Math.floorMod(flip >>> 8, b.length)] ^= (byte) (1 << Math.floorMod(flip >>> 16, 8));
    bad.set(i, Hash.of(b));
    assertThat(new StateProof(key, p.value(), bad, null).problem(h, root.hash())).isPresent();
    // A sibling dropped.
    assertThat(new StateProof(key, p.value(), p.siblings().subList(1, p.siblings().size()), null).problem(h, root.hash())).isPresent();
    // The right proof for another root.
    byte[] r = root.hash().toBytes();
    r[0] ^= 1;
    assertThat(p.problem(h, Hash.of(r))).isPresent();
  }

  @Test
  void nodesAndKeysRoundTripTheirEncoding() {
    qt().withExamples(200).forAll(longs().all(), integers().between(0, 255), bytes(0, 255), bytes(0, 255))
        .checkAssert(SparseMerkleTreeProperties::nodesAndKeysRoundTripTheirEncoding);
  }

  static void nodesAndKeysRoundTripTheirEncoding(long version, int depth, byte[] key, byte[] value) {
    HashFunction h = hash(false);
    NodeKey k = NodeKey.root(version);
    Random r = new Random(version);
    for (int d = 0; d < depth; d++) {
      k = k.child(r.nextInt(2), version);
    }
    assertThat(NodeKey.decode(k.encode())).isEqualTo(k);
    TreeNode.Leaf leaf = new TreeNode.Leaf(Hash.of(h.hash(key)), Hash.of(h.hash(value)), key, value);
    assertThat(TreeNode.decode(leaf.encode())).isEqualTo(leaf);
    TreeNode.Child[] children = new TreeNode.Child[TreeNode.Internal.ARITY];
    for (int i = 0; i < children.length; i++) {
      int kind = r.nextInt(3);
      children[i] = kind == 0 ? TreeNode.Child.EMPTY
          : new TreeNode.Child(kind == 1 ? TreeNode.Child.Kind.LEAF : TreeNode.Child.Kind.INTERNAL, Hash.of(h.hash(new byte[] {(byte) i})), r.nextLong());
    }
    children[r.nextInt(children.length)] = new TreeNode.Child(TreeNode.Child.Kind.LEAF, leaf.keyHash(), version);
    TreeNode.Internal in = new TreeNode.Internal(children);
    assertThat(TreeNode.decode(in.encode())).isEqualTo(in);
    assertThat(in.encode()).hasSize(5 + 40 * (int) java.util.Arrays.stream(children).filter(c -> !c.isEmpty()).count());
    TreeRoot root = new TreeRoot(leaf.valueHash(), k);
    assertThat(TreeRoot.decode(root.encode())).isEqualTo(root);
  }
}
