package org.medledger.vault;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;

/**
 * Seals a document for the vault: encrypts it under a fresh data key with the suite's AEAD, then
 * erasure-codes the sealed bytes into shards, one per node. A shard is a slice of ciphertext (or
 * parity over ciphertext), so no node's shard reveals anything, and fewer than {@code dataShards}
 * of them cannot even rebuild the ciphertext. Opening checks every shard against its hash, uses
 * any {@code dataShards} good ones, checks the record hash, and decrypts.
 */
public final class DocumentSealer {
  private final CryptoSuite suite;
  private final ErasureCode code;
  private final SecureRandom random;

  public DocumentSealer(CryptoSuite suite, ErasureCode code, SecureRandom random) {
    this.suite = suite;
    this.code = code;
    this.random = random;
  }

  /** A sealed document: its manifest for the ledger, its shards for the nodes, and its data key to wrap. */
  public record Sealed(ShardManifest manifest, byte[][] shards, byte[] dataKey) {
  }

  /** A document opened from its shards, and which shards failed their hash (to refetch and report). */
  public record Opened(byte[] document, List<Integer> badShards) {
  }

  /** {@code context} (e.g. the record id and patient id) is authenticated with the document and needed to open it. */
  public Sealed seal(byte[] document, byte[] context) {
    byte[] key = new byte[suite.aead().keyLength()];
    byte[] nonce = new byte[suite.aead().nonceLength()];
    random.nextBytes(key);
    random.nextBytes(nonce);
    byte[] sealed = suite.aead().seal(key, nonce, document, context);
    byte[][] shards = code.encode(sealed);
    List<Hash> hashes = new ArrayList<>(shards.length);
    for (byte[] s : shards) {
      hashes.add(Hash.of(suite.hash().hash(s)));
    }
    ShardManifest manifest = new ShardManifest(suite.aead().name(), nonce, code.dataShards(), code.totalShards(), sealed.length,
        Hash.of(suite.hash().hash(sealed)), hashes);
    return new Sealed(manifest, shards, key);
  }

  /**
   * Opens a document from whichever shards arrived ({@code null} where none did).
   *
   * @throws VaultException naming what failed: too few good shards, the record hash, or decryption
   */
  public Opened open(ShardManifest manifest, byte[][] shards, byte[] dataKey, byte[] context) {
    if (!manifest.aead().equals(suite.aead().name())) {
      throw new VaultException("the document was sealed with " + manifest.aead() + ", this network uses " + suite.aead().name());
    }
    if (manifest.dataShards() != code.dataShards() || manifest.totalShards() != code.totalShards()) {
      throw new VaultException("the document is coded " + manifest.dataShards() + " of " + manifest.totalShards()
          + ", this vault " + code.dataShards() + " of " + code.totalShards());
    }
    if (shards.length != manifest.totalShards()) {
      throw new VaultException("expected " + manifest.totalShards() + " shard slots, got " + shards.length);
    }
    byte[][] good = new byte[shards.length][];
    List<Integer> bad = new ArrayList<>();
    int goodCount = 0;
    for (int i = 0; i < shards.length; i++) {
      if (shards[i] == null) {
        continue;
      }
      if (Hash.of(suite.hash().hash(shards[i])).equals(manifest.shardHashes().get(i))) {
        good[i] = shards[i];
        goodCount++;
      } else {
        bad.add(i);
      }
    }
    if (goodCount < manifest.dataShards()) {
      throw new VaultException(goodCount + " good shards of the " + manifest.dataShards() + " needed"
          + (bad.isEmpty() ? "" : "; shards " + bad + " failed their hash"));
    }
    byte[] sealed = code.decode(good, manifest.sealedLength());
    if (!Hash.of(suite.hash().hash(sealed)).equals(manifest.recordHash())) {
      throw new VaultException("the rebuilt document does not match its record hash " + manifest.recordHash());
    }
    try {
      return new Opened(suite.aead().open(dataKey, manifest.nonce(), sealed, context), List.copyOf(bad));
    } catch (AeadException e) {
      throw new VaultException("the document does not decrypt with this data key and context", e);
    }
  }
}
