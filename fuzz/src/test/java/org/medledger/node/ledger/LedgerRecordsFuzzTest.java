package org.medledger.node.ledger;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.merkle.CompactMerkleTree;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.fuzz.Canonical;

/**
 * The records a node reads back from its own ledger store that have decoders of their own (the
 * blocks, headers and transactions it stores are BlockFuzzTest's and TransactionFuzzTest's): a
 * state tree node, a height's tree root, a height's stale node keys (what pruning deletes), and
 * the transaction log's frontier. Each is refused with an IllegalArgumentException, what the store
 * layer reports as corruption, or written back to the same bytes. The vault's shard files have no
 * header to decode: a shard is a slice of ciphertext, checked against its hash on the ledger.
 */
class LedgerRecordsFuzzTest {
  private static final MerkleHasher HASHER = new MerkleHasher(CryptoSuites.intl().hash());

  @FuzzTest
  void treeNode(byte[] input) {
    TreeNode node;
    try {
      node = TreeNode.decode(input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertReencodes("TreeNode.decode", input, node.encode());
  }

  @FuzzTest
  void treeRoot(byte[] input) {
    TreeRoot root;
    try {
      root = TreeRoot.decode(input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertReencodes("TreeRoot.decode", input, root.encode());
  }

  @FuzzTest
  void staleNodeKeys(byte[] input) {
    List<NodeKey> keys;
    try {
      keys = StateTreeRecords.decodeStale(input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertReencodes("StateTreeRecords.decodeStale", input, StateTreeRecords.encodeStale(keys));
  }

  @FuzzTest
  void logFrontier(byte[] input) {
    CompactMerkleTree tree;
    try {
      tree = CompactMerkleTree.decode(HASHER, input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    Canonical.assertReencodes("CompactMerkleTree.decode", input, tree.encode());
    tree.rootHash();
  }

  /** Records as the store writes them: a leaf and an internal node, a root, stale keys, frontiers of 1, 3 and 6 leaves. */
  static Map<String, List<byte[]>> seeds() {
    byte[] key = "records/record/ab".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] value = {1, 2, 3};
    ByteBuffer leaf = ByteBuffer.allocate(1 + 64 + 8 + key.length + value.length);
    leaf.put((byte) 0).put(filled(32, 7)).put(filled(32, 8)).putInt(key.length).put(key).putInt(value.length).put(value);
    ByteBuffer internal = ByteBuffer.allocate(1 + 4 + 2 * 40);
    internal.put((byte) 1).putShort((short) 0b1001).putShort((short) 0b1000).put(filled(32, 9)).putLong(4).put(filled(32, 10))
        .putLong(5);
    byte[] nodeKey = ByteBuffer.allocate(12).putLong(5).putShort((short) 12).put((byte) 0xAB).put((byte) 0xC0).array();
    byte[] rootKey = ByteBuffer.allocate(10).putLong(0).putShort((short) 0).array();
    byte[] root = new byte[32 + nodeKey.length];
    System.arraycopy(filled(32, 11), 0, root, 0, 32);
    System.arraycopy(nodeKey, 0, root, 32, nodeKey.length);
    byte[] stale = new byte[2 + nodeKey.length + rootKey.length];
    stale[0] = (byte) nodeKey.length;
    System.arraycopy(nodeKey, 0, stale, 1, nodeKey.length);
    stale[1 + nodeKey.length] = (byte) rootKey.length;
    System.arraycopy(rootKey, 0, stale, 2 + nodeKey.length, rootKey.length);
    return Map.of(
        "treeNode", List.of(leaf.array(), internal.array()),
        "treeRoot", List.of(root, new byte[32]),
        "staleNodeKeys", List.of(stale),
        "logFrontier", List.of(frontier(1), frontier(3), frontier(6)));
  }

  private static byte[] frontier(long size) {
    ByteBuffer b = ByteBuffer.allocate(8 + Long.bitCount(size) * 32).putLong(size);
    for (int i = 0; i < Long.bitCount(size); i++) {
      b.put(filled(32, 20 + i));
    }
    return b.array();
  }

  private static byte[] filled(int n, int fill) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) fill);
    return b;
  }
}
