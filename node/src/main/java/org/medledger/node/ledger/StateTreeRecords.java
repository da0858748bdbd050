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
 * {@code 'r' ‖ height} → that height's tree root, {@code 's' ‖ height ‖ node key} → (nothing): the
 * node left the newest tree at that height, so only older heights need it (what pruning deletes).
 */
final class StateTreeRecords {
  private StateTreeRecords() {
  }

  static byte[] nodeKey(NodeKey key) {
    return prefixed('n', key.encode());
  }

  static byte[] rootKey(long height) {
    return prefixed('r', longBytes(height));
  }

  static byte[] staleKey(long since, NodeKey key) {
    byte[] k = key.encode();
    byte[] out = new byte[9 + k.length];
    out[0] = 's';
    System.arraycopy(longBytes(since), 0, out, 1, 8);
    System.arraycopy(k, 0, out, 9, k.length);
    return out;
  }

  static byte[] staleFrom(long since) {
    return prefixed('s', longBytes(since));
  }

  /** The stale-index entry's height and node key. */
  static NodeKey staleNode(byte[] record) {
    return NodeKey.decode(java.util.Arrays.copyOfRange(record, 9, record.length));
  }

  static long staleSince(byte[] record) {
    long v = 0;
    for (int i = 1; i < 9; i++) {
      v = (v << 8) | (record[i] & 0xff);
    }
    return v;
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
    u.newNodes().forEach((k, n) -> w.add(new BlockCommit.StateWrite(nodeKey(k), n.encode())));
    for (NodeKey k : u.staleNodes()) {
      w.add(new BlockCommit.StateWrite(staleKey(u.version(), k), new byte[0]));
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

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }
}
