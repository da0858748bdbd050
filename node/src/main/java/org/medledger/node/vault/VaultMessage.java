package org.medledger.node.vault;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * Frames of the vault topic between nodes (docs/format.md, "Node-to-node frames"):
 *
 * <pre>
 * putShard = u8 1 ‖ fixed 16 request ‖ fixed 32 record ‖ u16 index ‖ bytes shard
 *            ‖ u8 count ‖ count × (string reader ‖ bytes wrapped key)   (keys travel with the shard)
 * putAck   = u8 2 ‖ fixed 16 request ‖ bool stored ‖ string message
 * getShard = u8 3 ‖ fixed 16 request ‖ fixed 32 record ‖ u16 index
 * shard    = u8 4 ‖ fixed 16 request ‖ u8 status (0 found, 1 missing, 2 erased, 3 refused) ‖ bytes shard
 * putKey   = u8 5 ‖ fixed 16 request ‖ fixed 32 record ‖ string reader ‖ bytes wrapped key   (answered by putAck)
 * getKey   = u8 6 ‖ fixed 16 request ‖ fixed 32 record ‖ string reader                       (answered by shard)
 * </pre>
 *
 * The request id is 128 random bits (u64 high ‖ u64 low); a reply answers only a request sent to
 * the peer it comes from ({@link PendingReplies}).
 */
sealed interface VaultMessage {
  int MAX_SHARD_BYTES = 96 << 20;

  /**
   * The longest vault frame with {@code dataShards} = k: a shard of the largest record the vault
   * takes (sealed: plus a 16-byte tag per 1 MiB segment), with its header and up to {@link
   * #MAX_KEYS_PER_SHARD} wrapped keys. The transport refuses longer ones before buffering them.
   */
  static int maxFrameBytes(int dataShards) {
    long record = VaultService.MAX_RECORD_BYTES;
    long sealed = record + 16L * (record / (1 << 20) + 2) + 64;
    long shard = (sealed + dataShards - 1) / Math.max(1, dataShards);
    long keys = (long) MAX_KEYS_PER_SHARD * (4 + 80 + 4 + 1024);
    return (int) Math.min(Math.min(shard, MAX_SHARD_BYTES) + keys + 1024, Integer.MAX_VALUE);
  }

  VaultRequestId request();

  /** At most this many wrapped keys ride on one shard (the patient's and the custodian's at registration). */
  int MAX_KEYS_PER_SHARD = 8;

  /** A record's data key wrapped for one reader ({@code patient} or {@code org:<name>}). */
  record WrappedKey(String reader, byte[] wrapped) {}

  /**
   * A shard and the record's wrapped keys, so that a holder checks both against the ledger entry
   * and writes them in one synced batch: one round trip and one sync per node and record.
   */
  record PutShard(VaultRequestId request, Hash record, int index, byte[] shard, java.util.List<WrappedKey> keys) implements VaultMessage {
    public PutShard {
      keys = java.util.List.copyOf(keys);
    }
  }

  record PutAck(VaultRequestId request, boolean stored, String message) implements VaultMessage {}

  record GetShard(VaultRequestId request, Hash record, int index) implements VaultMessage {}

  record PutKey(VaultRequestId request, Hash record, String reader, byte[] wrapped) implements VaultMessage {}

  record GetKey(VaultRequestId request, Hash record, String reader) implements VaultMessage {}

  record ShardReply(VaultRequestId request, int status, byte[] shard) implements VaultMessage {
    static final int FOUND = 0;
    static final int MISSING = 1;
    static final int ERASED = 2;
    /** Asked by a full node for a shard or key its organisation may not have (VaultLinks). */
    static final int REFUSED = 3;
  }

  static byte[] encode(VaultMessage m) {
    CanonicalWriter w;
    if (m instanceof PutShard p) {
      w = new CanonicalWriter(p.shard().length + 64).u8(1).u64(p.request().high()).u64(p.request().low()).fixed(p.record().unsafeBytes(), Hash.LENGTH)
          .u8(p.index() >>> 8).u8(p.index() & 0xff).bytes(p.shard()).u8(p.keys().size());
      for (WrappedKey k : p.keys()) {
        w.string(k.reader()).bytes(k.wrapped());
      }
    } else if (m instanceof PutAck a) {
      w = new CanonicalWriter(64).u8(2).u64(a.request().high()).u64(a.request().low()).bool(a.stored()).string(a.message());
    } else if (m instanceof PutKey k) {
      w = new CanonicalWriter(256).u8(5).u64(k.request().high()).u64(k.request().low()).fixed(k.record().unsafeBytes(), Hash.LENGTH).string(k.reader())
          .bytes(k.wrapped());
    } else if (m instanceof GetKey k) {
      w = new CanonicalWriter(128).u8(6).u64(k.request().high()).u64(k.request().low()).fixed(k.record().unsafeBytes(), Hash.LENGTH).string(k.reader());
    } else if (m instanceof GetShard g) {
      w = new CanonicalWriter(64).u8(3).u64(g.request().high()).u64(g.request().low()).fixed(g.record().unsafeBytes(), Hash.LENGTH)
          .u8(g.index() >>> 8).u8(g.index() & 0xff);
    } else {
      ShardReply r = (ShardReply) m;
      w = new CanonicalWriter(r.shard().length + 32).u8(4).u64(r.request().high()).u64(r.request().low()).u8(r.status()).bytes(r.shard());
    }
    return w.toByteArray();
  }

  static VaultMessage decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int kind = r.u8("vault.kind");
    VaultRequestId request = new VaultRequestId(r.u64("vault.request"), r.u64("vault.request"));
    VaultMessage m = switch (kind) {
      case 1 -> {
        Hash record = Hash.of(r.fixed(Hash.LENGTH, "vault.record"));
        int index = (r.u8("vault.index") << 8) | r.u8("vault.index");
        byte[] shard = r.bytes("vault.shard", MAX_SHARD_BYTES);
        int count = r.u8("vault.keys");
        if (count > MAX_KEYS_PER_SHARD) {
          throw new DecodeException("vault.keys: at most " + MAX_KEYS_PER_SHARD + " keys ride on a shard, got " + count);
        }
        java.util.List<WrappedKey> keys = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          keys.add(new WrappedKey(r.string("vault.reader", 80), r.bytes("vault.wrappedKey", 1024)));
        }
        yield new PutShard(request, record, index, shard, keys);
      }
      case 2 -> new PutAck(request, r.bool("vault.stored"), r.string("vault.message", 1024));
      case 3 -> new GetShard(request, Hash.of(r.fixed(Hash.LENGTH, "vault.record")), (r.u8("vault.index") << 8) | r.u8("vault.index"));
      case 4 -> new ShardReply(request, r.u8("vault.status"), r.bytes("vault.shard", MAX_SHARD_BYTES));
      case 5 -> new PutKey(request, Hash.of(r.fixed(Hash.LENGTH, "vault.record")), r.string("vault.reader", 80),
          r.bytes("vault.wrappedKey", 1024));
      case 6 -> new GetKey(request, Hash.of(r.fixed(Hash.LENGTH, "vault.record")), r.string("vault.reader", 80));
      default -> throw new DecodeException("vault.kind: unknown message " + kind);
    };
    r.expectEnd("vault message");
    return m;
  }
}
