package org.medledger.vault;

import java.util.List;
import org.medledger.crypto.Hash;

/**
 * What the ledger records of a sealed document: enough to fetch, check and rebuild it, nothing
 * that reveals it. {@code recordHash} is the hash of the sealed bytes (AEAD ciphertext and tag),
 * not of the plaintext: a hash of a short health record could be confirmed by guessing, and would
 * stay on the chain after the record is erased.
 *
 * @param aead the suite's AEAD that sealed it ({@code AES-256-GCM} or {@code SM4-GCM})
 * @param nonce the AEAD nonce (the data key is fresh per document, so it never repeats under a key)
 * @param sealedLength length of the sealed bytes, which the shards carry zero-padded
 * @param shardHashes the hash of each shard, in shard order
 */
public record ShardManifest(String aead, byte[] nonce, int dataShards, int totalShards, long sealedLength, Hash recordHash,
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
    if (sealedLength < 0) {
      throw new IllegalArgumentException("sealed length must not be negative");
    }
  }

  @Override
  public byte[] nonce() {
    return nonce.clone();
  }
}
