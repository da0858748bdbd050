package org.medledger.vault;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * What the ledger records of a sealed document: enough to fetch, check and rebuild it, nothing
 * that reveals it. This class is the one definition of the manifest's bytes and of the record
 * hash (docs/format.md, "Vault"); the sealer, the opener and the records contract all use it.
 *
 * <p>The record hash (version 2 manifests, the current ones) commits to every field here: the
 * AEAD, nonce, segment size, k, n, sealed length, the data key's commitment and all n shard
 * hashes. It is over the sealed bytes, not the plaintext: a hash of a short health record could be
 * confirmed by guessing, and would stay on the chain after the record is erased.
 *
 * @param version 2 (current); 1 for records registered before issue 23, which carry no key
 *     commitment and whose record hash commits to the data shards' hashes only
 * @param aead the suite's AEAD that sealed it ({@code AES-256-GCM} or {@code SM4-GCM})
 * @param nonce the document nonce; segment i is sealed under its first bytes ‖ u32 i ‖ u8 last
 *     (the data key is fresh per document, so no nonce repeats under a key)
 * @param segmentBytes plaintext bytes per sealed segment (each followed by its 16-byte tag)
 * @param sealedLength length of the sealed bytes, which the shards carry zero-padded
 * @param keyCommitment {@link DataKeyCommitment} of the data key (version 2); empty in version 1
 * @param shardHashes the hash of each shard, in shard order
 */
public record ShardManifest(int version, String aead, byte[] nonce, int segmentBytes, int dataShards, int totalShards, long sealedLength,
    Optional<Hash> keyCommitment, Hash recordHash, List<Hash> shardHashes) {
  /** The version every new record is sealed with; version 1 is only read. */
  public static final int VERSION = 2;
  private static final byte[] RECORD_HASH_V3 = "medledger/record/v3".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RECORD_HASH_V2 = "medledger/record/v2".getBytes(StandardCharsets.US_ASCII);

  public ShardManifest {
    nonce = nonce.clone();
    shardHashes = List.copyOf(shardHashes);
    if (version != 1 && version != VERSION) {
      throw new IllegalArgumentException("manifest: unknown version " + version);
    }
    if (keyCommitment.isPresent() != (version >= 2)) {
      throw new IllegalArgumentException("manifest: version " + version + (version >= 2 ? " needs" : " has no") + " key commitment");
    }
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
    if (aead.isEmpty() || aead.length() > 255 || nonce.length > 255 || totalShards > 0xffff) {
      throw new IllegalArgumentException("manifest: AEAD name, nonce or shard count out of range");
    }
  }

  /** A current (version 2) manifest; its record hash is computed from the other fields. */
  public static ShardManifest of(HashFunction hash, String aead, byte[] nonce, int segmentBytes, int dataShards, int totalShards,
      long sealedLength, Hash keyCommitment, List<Hash> shardHashes) {
    ShardManifest unhashed = new ShardManifest(VERSION, aead, nonce, segmentBytes, dataShards, totalShards, sealedLength,
        Optional.of(keyCommitment), Hash.ZERO, shardHashes);
    return new ShardManifest(VERSION, aead, nonce, segmentBytes, dataShards, totalShards, sealedLength, Optional.of(keyCommitment),
        unhashed.expectedRecordHash(hash), shardHashes);
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }

  /** Two manifests are equal when their bytes are (the nonce is an array, so the record's own equality would compare identities). */
  @Override
  public boolean equals(Object o) {
    return o instanceof ShardManifest m && java.util.Arrays.equals(encode(), m.encode());
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encode());
  }

  /**
   * The record hash these fields give. Version 2: {@code H(u8 19 ‖ "medledger/record/v3" ‖ the
   * manifest's encoding without its record hash)}, so it commits to the AEAD, nonce, segment size,
   * k, n, sealed length, key commitment and all n shard hashes. Version 1: {@code H(u8 19 ‖
   * "medledger/record/v2" ‖ u64 sealed length ‖ u16 k ‖ H(shard 0) ‖ … ‖ H(shard k−1))}.
   */
  public Hash expectedRecordHash(HashFunction hash) {
    if (version == 1) {
      ByteBuffer b = ByteBuffer.allocate(1 + RECORD_HASH_V2.length + 8 + 2 + dataShards * Hash.LENGTH);
      b.put((byte) RECORD_HASH_V2.length).put(RECORD_HASH_V2).putLong(sealedLength).putShort((short) dataShards);
      shardHashes.subList(0, dataShards).forEach(h -> b.put(h.unsafeBytes(), 0, Hash.LENGTH));
      return Hash.of(hash.hash(b.array()));
    }
    byte[] body = encode(false);
    ByteBuffer b = ByteBuffer.allocate(1 + RECORD_HASH_V3.length + body.length);
    b.put((byte) RECORD_HASH_V3.length).put(RECORD_HASH_V3).put(body);
    return Hash.of(hash.hash(b.array()));
  }

  /** Whether {@link #recordHash()} is the one its fields give: a manifest that fails this names no record. */
  public boolean commitsToItsFields(HashFunction hash) {
    return expectedRecordHash(hash).equals(recordHash);
  }

  /**
   * The bytes the ledger keeps, big-endian. Version 2: {@code u8 2 ‖ u8 len ‖ aead (ASCII) ‖ u8 len
   * ‖ nonce ‖ u32 segment bytes ‖ u16 k ‖ u16 n ‖ u64 sealed length ‖ fixed 32 key commitment ‖
   * fixed 32 record hash ‖ n × fixed 32 shard hash}. Version 1 lacks the key commitment.
   */
  public byte[] encode() {
    return encode(true);
  }

  private byte[] encode(boolean withRecordHash) {
    byte[] name = aead.getBytes(StandardCharsets.US_ASCII);
    int size = 1 + 1 + name.length + 1 + nonce.length + 4 + 4 + 8 + (keyCommitment.isPresent() ? 32 : 0) + (withRecordHash ? 32 : 0)
        + 32 * totalShards;
    ByteBuffer b = ByteBuffer.allocate(size);
    b.put((byte) version).put((byte) name.length).put(name).put((byte) nonce.length).put(nonce).putInt(segmentBytes)
        .putShort((short) dataShards).putShort((short) totalShards).putLong(sealedLength);
    keyCommitment.ifPresent(c -> b.put(c.unsafeBytes()));
    if (withRecordHash) {
      b.put(recordHash.unsafeBytes());
    }
    shardHashes.forEach(h -> b.put(h.unsafeBytes()));
    return b.array();
  }

  /** Reads {@link #encode()}'s bytes (either version); IllegalArgumentException naming the field when they are not a manifest. */
  public static ShardManifest decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try {
      int version = b.get() & 0xff;
      if (version != 1 && version != VERSION) {
        throw new IllegalArgumentException("manifest: unknown version " + version);
      }
      byte[] name = new byte[b.get() & 0xff];
      b.get(name);
      byte[] nonce = new byte[b.get() & 0xff];
      b.get(nonce);
      int segment = b.getInt();
      int k = b.getShort() & 0xffff;
      int n = b.getShort() & 0xffff;
      long length = b.getLong();
      Optional<Hash> keyCommitment = version >= 2 ? Optional.of(hash(b)) : Optional.empty();
      Hash record = hash(b);
      if (b.remaining() != 32L * n) {
        throw new IllegalArgumentException("manifest: " + n + " shard hashes announced, " + b.remaining() + " bytes left");
      }
      List<Hash> hashes = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        hashes.add(hash(b));
      }
      for (byte c : name) {
        if (c < 0x21 || c > 0x7e) {
          throw new IllegalArgumentException("manifest: the AEAD name is not printable ASCII");
        }
      }
      return new ShardManifest(version, new String(name, StandardCharsets.US_ASCII), nonce, segment, k, n, length, keyCommitment,
          record, hashes);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("manifest: truncated");
    }
  }

  private static Hash hash(ByteBuffer b) {
    byte[] h = new byte[Hash.LENGTH];
    b.get(h);
    return Hash.of(h);
  }
}
