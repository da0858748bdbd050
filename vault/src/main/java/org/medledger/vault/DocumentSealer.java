package org.medledger.vault;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;

/**
 * Seals a document for the vault: encrypts it under a fresh data key with the suite's AEAD, in
 * segments of {@link #SEGMENT_BYTES} (the STREAM construction of Hoang, Reyhanitabar, Rogaway and
 * Vizár: segment i's nonce is the document nonce's first 7 bytes ‖ u32 i ‖ u8 last, so segments
 * can be neither reordered, dropped nor cut off at the end), then erasure-codes the sealed bytes
 * into shards, one per node. Segments are sealed and opened in parallel, and each AEAD call is
 * small enough that the JIT's AES-GCM intrinsics serve it (a single 100 MB call ran the Java
 * GHASH: 35 MB/s). A shard is a slice of ciphertext (or
 * parity over ciphertext), so no node's shard reveals anything, and fewer than {@code dataShards}
 * of them cannot even rebuild the ciphertext. Opening checks every shard against its hash, uses
 * any {@code dataShards} good ones, checks the record hash, and decrypts.
 */
public final class DocumentSealer {
  public static final int SEGMENT_BYTES = 1 << 20;
  /**
   * Documents up to this size are sealed and opened on the calling thread: splitting a 1 MB
   * record's few hashes over the common pool cost more in hand-offs (a twentieth of the CPU with 64
   * stores at once) than it saved, and many small records at once already keep every core busy.
   */
  static final int PARALLEL_FROM_BYTES = 4 << 20;
  private static final int TAG_BYTES = 16;
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
    byte[] sealed = sealSegments(key, nonce, document, context);
    byte[][] shards = code.encode(sealed);
    // The shard hashes (1⅓ times the document through the hash); the record hash from them.
    Hash[] hashes = new Hash[shards.length];
    inParallel(java.util.stream.IntStream.range(0, shards.length), sealed.length).forEach(i ->
        hashes[i] = Hash.of(suite.hash().hash(shards[i])));
    List<Hash> shardHashes = List.of(hashes);
    ShardManifest manifest = new ShardManifest(suite.aead().name(), nonce, SEGMENT_BYTES, code.dataShards(), code.totalShards(), sealed.length,
        recordHash(sealed.length, shardHashes.subList(0, code.dataShards())), shardHashes);
    return new Sealed(manifest, shards, key);
  }

  private static final byte[] RECORD_HASH_TAG = "medledger/record/v2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /**
   * The record hash: H(u8 19 ‖ "medledger/record/v2" ‖ u64 sealed length ‖ u16 k ‖ H(data shard 0)
   * ‖ … ‖ H(data shard k−1)). The data shards are the sealed bytes in order, zero-padded, so with the
   * length they are exactly the sealed bytes: this commits to what a hash of the sealed bytes
   * would, without taking every byte through the hash a second time (a third of the hashing a
   * store did).
   */
  public Hash recordHash(long sealedLength, List<Hash> dataShardHashes) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 + RECORD_HASH_TAG.length + 8 + 2 + dataShardHashes.size() * Hash.LENGTH);
    b.put((byte) RECORD_HASH_TAG.length).put(RECORD_HASH_TAG).putLong(sealedLength).putShort((short) dataShardHashes.size());
    for (Hash h : dataShardHashes) {
      b.put(h.unsafeBytes(), 0, Hash.LENGTH);
    }
    return Hash.of(suite.hash().hash(b.array()));
  }

  /**
   * Opens a document from whichever shards arrived ({@code null} where none did).
   *
   * @throws VaultException naming what failed: too few good shards, or decryption
   */
  public Opened open(ShardManifest manifest, byte[][] shards, byte[] dataKey, byte[] context) {
    checkManifest(manifest);
    if (shards.length != manifest.totalShards()) {
      throw new VaultException("expected " + manifest.totalShards() + " shard slots, got " + shards.length);
    }
    byte[][] good = new byte[shards.length][];
    boolean[] failed = new boolean[shards.length];
    inParallel(java.util.stream.IntStream.range(0, shards.length), manifest.sealedLength()).forEach(i -> {
      if (shards[i] != null) {
        if (Hash.of(suite.hash().hash(shards[i])).equals(manifest.shardHashes().get(i))) {
          good[i] = shards[i];
        } else {
          failed[i] = true;
        }
      }
    });
    List<Integer> bad = new ArrayList<>();
    int goodCount = 0;
    for (int i = 0; i < shards.length; i++) {
      if (failed[i]) {
        bad.add(i);
      }
      goodCount += good[i] == null ? 0 : 1;
    }
    if (goodCount < manifest.dataShards()) {
      throw new VaultException(goodCount + " good shards of the " + manifest.dataShards() + " needed"
          + (bad.isEmpty() ? "" : "; shards " + bad + " failed their hash"));
    }
    return new Opened(openVerified(manifest, good, dataKey, context), List.copyOf(bad));
  }

  /**
   * Refuses (VaultException naming why) a manifest this vault cannot open: another AEAD or code,
   * or a record hash that does not commit to its shard hashes. The ledger runs it on every record
   * registered (issue 22).
   */
  public void checkManifest(ShardManifest manifest) {
    if (!manifest.aead().equals(suite.aead().name())) {
      throw new VaultException("the document was sealed with " + manifest.aead() + ", this network uses " + suite.aead().name());
    }
    if (manifest.dataShards() != code.dataShards() || manifest.totalShards() != code.totalShards()) {
      throw new VaultException("the document is coded " + manifest.dataShards() + " of " + manifest.totalShards()
          + ", this vault " + code.dataShards() + " of " + code.totalShards());
    }
    if (manifest.shardHashes().size() != manifest.totalShards()
        || !recordHash(manifest.sealedLength(), manifest.shardHashes().subList(0, manifest.dataShards())).equals(manifest.recordHash())) {
      throw new VaultException("the manifest's record hash does not commit to its shard hashes");
    }
  }

  /**
   * Opens a document from shards already checked against the manifest's hashes ({@code null}
   * where none is). The record hash commits to those hashes (checked here), so shards that match
   * them rebuild exactly the sealed bytes it names, and the AEAD authenticates them again.
   */
  public byte[] openVerified(ShardManifest manifest, byte[][] good, byte[] dataKey, byte[] context) {
    checkManifest(manifest);
    int goodCount = 0;
    for (byte[] g : good) {
      goodCount += g == null ? 0 : 1;
    }
    if (goodCount < manifest.dataShards()) {
      throw new VaultException(goodCount + " good shards of the " + manifest.dataShards() + " needed");
    }
    byte[] sealed = code.decode(good, manifest.sealedLength());
    if (manifest.segmentBytes() != SEGMENT_BYTES) {
      throw new VaultException("the document is sealed in segments of " + manifest.segmentBytes() + " bytes, this vault uses " + SEGMENT_BYTES);
    }
    return openSegments(dataKey, manifest.nonce(), sealed, context);
  }

  private static java.util.stream.IntStream inParallel(java.util.stream.IntStream steps, long bytes) {
    return bytes >= PARALLEL_FROM_BYTES ? steps.parallel() : steps;
  }

  private static int segments(long plaintextLength) {
    return (int) Math.max(1, (plaintextLength + SEGMENT_BYTES - 1) / SEGMENT_BYTES);
  }

  private byte[] segmentNonce(byte[] nonce, int index, boolean last) {
    byte[] n = new byte[nonce.length];
    System.arraycopy(nonce, 0, n, 0, nonce.length - 5);
    int at = nonce.length - 5;
    n[at] = (byte) (index >>> 24);
    n[at + 1] = (byte) (index >>> 16);
    n[at + 2] = (byte) (index >>> 8);
    n[at + 3] = (byte) index;
    n[at + 4] = (byte) (last ? 1 : 0);
    return n;
  }

  byte[] sealSegments(byte[] key, byte[] nonce, byte[] document, byte[] context) {
    int count = segments(document.length);
    byte[] out = new byte[document.length + count * TAG_BYTES];
    inParallel(java.util.stream.IntStream.range(0, count), document.length).forEach(i -> {
      int from = i * SEGMENT_BYTES;
      int to = Math.min(document.length, from + SEGMENT_BYTES);
      byte[] sealed = suite.aead().seal(key, segmentNonce(nonce, i, i == count - 1),
          java.util.Arrays.copyOfRange(document, from, to), context);
      System.arraycopy(sealed, 0, out, from + i * TAG_BYTES, sealed.length);
    });
    return out;
  }

  byte[] openSegments(byte[] key, byte[] nonce, byte[] sealed, byte[] context) {
    long full = SEGMENT_BYTES + TAG_BYTES;
    int count = (int) Math.max(1, (sealed.length + full - 1) / full);
    if (sealed.length < (long) count * TAG_BYTES || (count > 1 && sealed.length - (count - 1) * full <= TAG_BYTES)) {
      throw new VaultException("the sealed document's length " + sealed.length + " is not a whole number of segments");
    }
    byte[] out = new byte[sealed.length - count * TAG_BYTES];
    boolean[] failed = new boolean[1];
    inParallel(java.util.stream.IntStream.range(0, count), sealed.length).forEach(i -> {
      int from = (int) (i * full);
      int to = (int) Math.min(sealed.length, from + full);
      try {
        byte[] plain = suite.aead().open(key, segmentNonce(nonce, i, i == count - 1),
            java.util.Arrays.copyOfRange(sealed, from, to), context);
        System.arraycopy(plain, 0, out, i * SEGMENT_BYTES, plain.length);
      } catch (AeadException e) {
        failed[0] = true;
      }
    });
    if (failed[0]) {
      throw new VaultException("the document does not decrypt with this data key and context");
    }
    return out;
  }
}
