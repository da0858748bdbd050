package org.medledger.core.refusals;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One node's refusal log as it stood when the node committed to it on the ledger: its last entry's
 * number and hash, and the times of the entries since the node's previous anchor. Nothing of the
 * entries themselves (no path, no patient id, no requester) is on the ledger.
 *
 * @param node the certificate id of the node whose log this is (the transaction's own signer)
 * @param index its place among this node's anchors, from 0
 * @param sequence the number of the log's last entry, the head
 * @param head that entry's hash
 * @param fromMillis the node's clock at the first entry since its previous anchor
 * @param toMillis the node's clock at the head
 * @param height the block that recorded the anchor
 * @param transaction the transaction that recorded it
 */
public record RefusalLogAnchor(Hash node, long index, long sequence, Hash head, long fromMillis, long toMillis, long height,
    Hash transaction) {
  private static final int VERSION = 1;

  public RefusalLogAnchor {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(transaction, "transaction");
  }

  /** {@code u8 1 ‖ node ‖ u64 index ‖ u64 sequence ‖ head ‖ u64 from ‖ u64 to ‖ u64 height ‖ transaction}. */
  public byte[] encode() {
    return new CanonicalWriter(160).u8(VERSION).fixed(node.unsafeBytes(), Hash.LENGTH).u64(index).u64(sequence)
        .fixed(head.unsafeBytes(), Hash.LENGTH).u64(fromMillis).u64(toMillis).u64(height)
        .fixed(transaction.unsafeBytes(), Hash.LENGTH).toByteArray();
  }

  public static RefusalLogAnchor decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("anchor.version");
    if (version != VERSION) {
      throw new org.medledger.core.codec.DecodeException("refusal log anchor version " + version + " is not " + VERSION);
    }
    RefusalLogAnchor a = new RefusalLogAnchor(Hash.of(r.fixed(Hash.LENGTH, "anchor.node")), r.u64("anchor.index"),
        r.u64("anchor.sequence"), Hash.of(r.fixed(Hash.LENGTH, "anchor.head")), r.u64("anchor.from"), r.u64("anchor.to"),
        r.u64("anchor.height"), Hash.of(r.fixed(Hash.LENGTH, "anchor.transaction")));
    r.expectEnd("refusal log anchor");
    return a;
  }
}
