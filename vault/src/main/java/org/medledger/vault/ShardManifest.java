package org.medledger.vault;

import java.util.List;
import org.medledger.crypto.Hash;

/**
 * What the ledger records of a sealed document: enough to fetch, check and rebuild it, nothing
 * that reveals it. {@code recordHash} commits to the sealed bytes (AEAD ciphertext and tag)
 * through the data shards' hashes ({@link DocumentSealer#recordHash}), not to the plaintext: a hash of a short health record could be confirmed by guessing, and would
 * stay on the chain after the record is erased.
 *
 * @param aead the suite's AEAD that sealed it ({@code AES-256-GCM} or {@code SM4-GCM})
 * @param nonce the document nonce; segment i is sealed under its first bytes ‖ u32 i ‖ u8 last
 *     (the data key is fresh per document, so no nonce repeats under a key)
 * @param segmentBytes plaintext bytes per sealed segment (each followed by its 16-byte tag)
 * @param sealedLength length of the sealed bytes, which the shards carry zero-padded
 * @param shardHashes the hash of each shard, in shard order
 */
public record ShardManifest(String aead, byte[] nonce, int segmentBytes, int dataShards, int totalShards, long sealedLength, Hash recordHash,
    List<Hash> shardHashes) {
  public ShardManifest {
    nonce = nonce.clone();
    shardHashes = List.copyOf(shardHashes);
    if (shardHashes.size() != totalShards) {
      throw new IllegalArgumentException("a manifest of " + totalShards + " shards lists " + shardHashes.size() + " shard hashes");
    }
    if (dataShards < 1 || dataShards > totalShards) {
      throw new IllegalArgumentException("a manifest needs 1 ≤ data shards ≤ total shards, got " + dataShards + " of " + totalShards);
    }
    if (segmentBytes < 1) {
      throw new IllegalArgumentException("segment size must be positive");
    }
    if (sealedLength < 0) {
      throw new IllegalArgumentException("sealed length must not be negative");
    }
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /**
   * The bytes the ledger keeps: {@code u8 1 ‖ u8 len ‖ aead (ASCII) ‖ u8 len ‖ nonce ‖ u32 segment
   * bytes ‖ u16 k ‖ u16 n ‖ u64 sealed length ‖ fixed 32 record hash ‖ n × fixed 32 shard hash},
   * big-endian.
   */
  public byte[] encode() {
    byte[] name = aead.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + 1 + name.length + 1 + nonce.length + 4 + 4 + 8 + 32 * (1 + totalShards));
    b.put((byte) 1).put((byte) name.length).put(name).put((byte) nonce.length).put(nonce).putInt(segmentBytes)
        .putShort((short) dataShards).putShort((short) totalShards).putLong(sealedLength).put(recordHash.unsafeBytes());
    shardHashes.forEach(h -> b.put(h.unsafeBytes()));
    return b.array();
  }

  /** Reads {@link #encode()}'s bytes; IllegalArgumentException naming the field when they are not a manifest. */
  public static ShardManifest decode(byte[] bytes) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
    try {
      if (b.get() != 1) {
        throw new IllegalArgumentException("manifest: unknown version");
      }
      byte[] name = new byte[b.get() & 0xff];
      b.get(name);
      byte[] nonce = new byte[b.get() & 0xff];
      b.get(nonce);
      int segment = b.getInt();
      int k = b.getShort() & 0xffff;
      int n = b.getShort() & 0xffff;
      long length = b.getLong();
      byte[] record = new byte[32];
      b.get(record);
      if (b.remaining() != 32L * n) {
        throw new IllegalArgumentException("manifest: " + n + " shard hashes announced, " + b.remaining() + " bytes left");
      }
      java.util.List<Hash> hashes = new java.util.ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        byte[] h = new byte[32];
        b.get(h);
        hashes.add(Hash.of(h));
      }
      return new ShardManifest(new String(name, java.nio.charset.StandardCharsets.US_ASCII), nonce, segment, k, n, length,
          Hash.of(record), hashes);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException("manifest: truncated");
    }
  }
}
