package org.medledger.node.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;
import org.medledger.storage.BlockCommit;
import org.medledger.storage.LedgerStore;

/**
 * How the state tree lies in the store's {@code state_tree} family: {@code 'n' ‖ node key} → node,
 * {@code 'r' ‖ height} → that height's tree root, {@code 's' ‖ height} → the node keys (each
 * prefixed by its length, one byte) that left the newest tree at that height, so only older heights
 * need them: what pruning deletes. One stale record per block rather than one per node keeps a
 * block's write batch to the nodes it adds.
 */
final class StateTreeRecords {
  private StateTreeRecords() {
  }

  static byte[] nodeKey(NodeKey key) {
    byte[] k = key.encode(1);
    k[0] = 'n';
    return k;
  }

  static byte[] rootKey(long height) {
    return prefixed('r', longBytes(height));
  }

  static byte[] staleKey(long since) {
    return prefixed('s', longBytes(since));
  }

  static byte[] encodeStale(List<NodeKey> keys) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(keys.size() * 16);
    for (NodeKey k : keys) {
      byte[] e = k.encode();
      out.write(e.length);
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  /** The node keys of a stale record; an IllegalArgumentException when it is cut or altered. */
  static List<NodeKey> decodeStale(byte[] record) {
    List<NodeKey> keys = new ArrayList<>();
    for (int i = 0; i < record.length; ) {
      int n = record[i] & 0xff;
      if (n > record.length - i - 1) {
        // copyOfRange would pad the key with zeros, and pruning would delete a node no one named.
        throw new IllegalArgumentException("stale node keys: the key at byte " + i + " is " + n + " bytes, but only "
            + (record.length - i - 1) + " follow");
      }
      keys.add(NodeKey.decode(java.util.Arrays.copyOfRange(record, i + 1, i + 1 + n)));
      i += 1 + n;
    }
    return keys;
  }

  static Optional<TreeNode> node(LedgerStore store, NodeKey key) {
    return store.stateTree(nodeKey(key)).map(TreeNode::decode);
  }

  static Optional<TreeRoot> root(LedgerStore store, long height) {
    return store.stateTree(rootKey(height)).map(TreeRoot::decode);
  }

  /** The records one block's tree update adds. */
  static List<BlockCommit.StateWrite> writes(TreeUpdate u) {
    List<BlockCommit.StateWrite> w = new ArrayList<>(u.newNodes().size() + u.staleNodes().size() + 1);
    for (TreeUpdate.StoredNode n : u.newNodes()) {
      w.add(new BlockCommit.StateWrite(nodeKey(n.key()), n.node().encode()));
    }
    if (!u.staleNodes().isEmpty()) {
      w.add(new BlockCommit.StateWrite(staleKey(u.version()), encodeStale(u.staleNodes())));
    }
    w.add(new BlockCommit.StateWrite(rootKey(u.version()), u.root().encode()));
    return w;
  }

  private static byte[] prefixed(char p, byte[] rest) {
    byte[] out = new byte[1 + rest.length];
    out[0] = (byte) p;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  static long readLong(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }
}
