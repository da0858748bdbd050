package org.medledger.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;
import org.medledger.node.ledger.TreeNodeCache;
import org.medledger.storage.BlockCommit;
import org.medledger.storage.RocksLedgerStore;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * State proofs read from RocksDB as a node serves them: through the ledger's cache of decoded
 * internal nodes ({@code cached} = its size, 16,384 in a node) or, with {@code cached} = 0, every
 * node of every proof a store read and a decode (each decoded node then hashes its inner levels
 * again). The tree of {@code keys} keys is written in blocks of 50,000 through the ledger store's
 * atomic commit, under the node's key layout ({@code 'n' ‖ node key}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class StateProofStoreBenchmark {
  @Param({"1000000"})
  int keys;

  @Param({"intl"})
  String suite;

  @Param({"16384", "0"})
  int cached;

  TreeNodeCache reader;
  final List<byte[]> leafKeys = new ArrayList<>();

  Path dir;
  RocksLedgerStore store;
  SparseMerkleTree tree;
  TreeRoot root = TreeRoot.EMPTY;

  private static byte[] storeKey(NodeKey key) {
    byte[] k = key.encode(1);
    k[0] = 'n';
    return k;
  }

  private Optional<TreeNode> node(NodeKey key) {
    return store.stateTree(storeKey(key)).map(TreeNode::decode);
  }

  private static byte[] key(long i) {
    return ("state-key-" + i).getBytes(StandardCharsets.UTF_8);
  }

  @Setup
  public void setup() throws IOException {
    dir = Files.createTempDirectory("medledger-proof-bench");
    store = RocksLedgerStore.open(dir.resolve("db"));
    tree = new SparseMerkleTree(CryptoSuites.byId(suite).hash());
    reader = new TreeNodeCache(this::node, cached);
    long height = 0;
    for (int from = 0; from < keys; from += 50_000) {
      Map<byte[], byte[]> w = new LinkedHashMap<>();
      for (int i = from; i < Math.min(keys, from + 50_000); i++) {
        w.put(key(i), ("value " + i).getBytes(StandardCharsets.UTF_8));
      }
      TreeUpdate u = tree.update(this::node, root, height + 1, w);
      reader.committed(u);
      List<BlockCommit.StateWrite> nodes = new ArrayList<>(u.newNodes().size());
      for (TreeUpdate.StoredNode n : u.newNodes()) {
        nodes.add(new BlockCommit.StateWrite(storeKey(n.key()), n.node().encode()));
        if (n.node() instanceof TreeNode.Leaf && leafKeys.size() < 100_000 && ThreadLocalRandom.current().nextInt(10) == 0) {
          leafKeys.add(storeKey(n.key()));
        }
      }
      byte[] h = new byte[32];
      store.commit(new BlockCommit(height, h, h, h, List.of(), List.of(), List.of(), new TreeMap<>(), nodes));
      height++;
      root = u.root();
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One store read of a random stored leaf (some since replaced): the floor under a proof's cost. */
  @Benchmark
  public Optional<byte[]> readOneStoredLeaf() {
    return store.stateTree(leafKeys.get(ThreadLocalRandom.current().nextInt(leafKeys.size())));
  }

  @Benchmark
  public StateProof generateStateProofFromRocksDb() {
    return tree.prove(reader, root, key(ThreadLocalRandom.current().nextLong(keys)));
  }
}
