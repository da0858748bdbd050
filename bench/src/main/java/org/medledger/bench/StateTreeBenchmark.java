package org.medledger.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The state tree's costs over a state of {@code keys} keys held in memory: the root update of one
 * block of 5,000 writes (the tree work a block adds, without the store), and proof generation and
 * verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StateTreeBenchmark {
  @Param({"1000000"})
  int keys;

  @Param({"intl", "gm"})
  String suite;

  HashFunction hash;
  SparseMerkleTree tree;
  final Map<NodeKey, TreeNode> nodes = new HashMap<>();
  TreeRoot root;
  StateProof proof;
  long blocks;
  long fresh;

  private Optional<TreeNode> node(NodeKey k) {
    return Optional.ofNullable(nodes.get(k));
  }

  private void apply(TreeUpdate u) {
    for (TreeUpdate.StoredNode n : u.newNodes()) {
      nodes.put(n.key(), n.node());
    }
    root = u.root();
  }

  private static byte[] key(long i) {
    return ("state-key-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Setup
  public void setup() {
    hash = CryptoSuites.byId(suite).hash();
    tree = new SparseMerkleTree(hash);
    root = TreeRoot.EMPTY;
    long version = 0;
    for (int from = 0; from < keys; from += 50_000) {
      Map<byte[], byte[]> w = new LinkedHashMap<>();
      for (int i = from; i < Math.min(keys, from + 50_000); i++) {
        w.put(key(i), ("value " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      apply(tree.update(this::node, root, ++version, w));
    }
    blocks = version;
    proof = tree.prove(this::node, root, key(keys / 3));
  }

  /** One block of 5,000 writes (half new keys, half updates) over the same base: ops/s = blocks/s. */
  @Benchmark
  public TreeUpdate updateBlockOf5000Writes() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    Map<byte[], byte[]> w = new LinkedHashMap<>();
    for (int i = 0; i < 5_000; i++) {
      // Distinct within the block: updates of existing keys ≡ i (mod 5,000), new keys past the state.
      long k = i % 2 == 0 ? r.nextLong(Math.max(1, keys / 5_000)) * 5_000 + i : keys + (++fresh) * 5_000 + i;
      w.put(key(k), ("new value " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return tree.update(this::node, root, blocks + 1, w);
  }

  @Benchmark
  public StateProof generateStateProof() {
    return tree.prove(this::node, root, key(ThreadLocalRandom.current().nextLong(keys)));
  }

  @Benchmark
  public Optional<String> verifyStateProof() {
    return proof.problem(hash, root.hash());
  }

  /** Hash of a random absent key's proof, so the JIT cannot drop the absence path. */
  @Benchmark
  public Hash generateAbsenceProof() {
    StateProof p = tree.prove(this::node, root, key(keys + ThreadLocalRandom.current().nextLong(keys)));
    return p.siblings().isEmpty() ? Hash.ZERO : p.siblings().get(0);
  }
}
