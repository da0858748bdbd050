package org.medledger.node.bft;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * The catch-up protocol between nodes: a node tells its peers how far its chain goes; one that
 * is behind asks a peer for a run of blocks and checks each (certificate, hash chain, its own
 * re-execution) before committing it. Nothing here is trusted for being sent by a member.
 */
sealed interface SyncMessage {
  int MAX_BLOCKS_PER_REPLY = 512;
  int MAX_REPLY_BYTES = 16 << 20;

  /** "My chain ends at {@code height}." */
  record Status(long height) implements SyncMessage {}

  /** "Send me up to {@code count} blocks from {@code from}." */
  record GetBlocks(long from, int count) implements SyncMessage {}

  /** Encoded blocks with their commit certificates, consecutive heights. */
  record Blocks(List<byte[]> blocks) implements SyncMessage {}

  static byte[] encode(SyncMessage m) {
    if (m instanceof Status s) {
      return new CanonicalWriter(9).u8(1).u64(s.height()).toByteArray();
    }
    if (m instanceof GetBlocks g) {
      return new CanonicalWriter(13).u8(2).u64(g.from()).u32(g.count()).toByteArray();
    }
    Blocks b = (Blocks) m;
    int size = 8;
    for (byte[] x : b.blocks()) {
      size += x.length + 5;
    }
    CanonicalWriter w = new CanonicalWriter(size).u8(3).u32(b.blocks().size());
    for (byte[] x : b.blocks()) {
      w.bytes(x);
    }
    return w.toByteArray();
  }

  static SyncMessage decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int tag = r.u8("sync message tag");
    SyncMessage m = switch (tag) {
      case 1 -> new Status(height(r, "height"));
      // A request for more than a reply may carry is refused, not capped: capping accepted two
      // encodings of one request, and a count of 2^31 or more decoded negative (found by fuzzing).
      case 2 -> new GetBlocks(height(r, "from"), r.count("count", MAX_BLOCKS_PER_REPLY));
      case 3 -> {
        int n = r.count("blocks", MAX_BLOCKS_PER_REPLY);
        List<byte[]> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          blocks.add(r.bytes("block", MAX_REPLY_BYTES));
        }
        yield new Blocks(blocks);
      }
      default -> throw new DecodeException("unknown sync message tag " + tag);
    };
    r.expectEnd("sync message");
    return m;
  }

  /** A height is a u64 below 2^63: Java's long holds it, and no chain reaches it. */
  private static long height(CanonicalReader r, String field) {
    long h = r.u64(field);
    if (h < 0) {
      throw new DecodeException(field + ": height " + Long.toUnsignedString(h) + " is not below 2^63");
    }
    return h;
  }
}
