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
 * of them cannot even rebuild the ciphertext. Opening checks the manifest's record hash against its
 * fields, the data key against the manifest's key commitment and every shard against its hash,
 * rebuilds from any {@code dataShards} good ones (checking each data shard it had to rebuild
 * against its hash), and decrypts.
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

  /**
   * A document opened from its shards; which shards failed their hash (to refetch and report); and
   * which matched their hash yet are not the code of the data shards (the manifest's shards are
   * not one code word: the custodian sealed them so; found only when they were needed).
   */
  public record Opened(byte[] document, List<Integer> badShards, List<Integer> disagreeingShards) {
  }

  /** The sealed bytes rebuilt from shards, and the shards found not to be the code of the data shards. */
  public record Rebuilt(byte[] sealed, List<Integer> disagreeingShards) {
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
    ShardManifest manifest = ShardManifest.of(suite.hash(), suite.aead().name(), nonce, SEGMENT_BYTES, code.dataShards(),
        code.totalShards(), sealed.length, DataKeyCommitment.of(suite.hash(), key), List.of(hashes));
    return new Sealed(manifest, shards, key);
  }

  /**
   * Opens a document from whichever shards arrived ({@code null} where none did).
   *
   * @throws VaultException naming what failed: too few good shards, shards that disagree
   *     ({@link ShardsDisagreeException}), a key that is not the committed one, or decryption
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
    Opened opened = openVerified(manifest, good, dataKey, context);
    return new Opened(opened.document(), List.copyOf(bad), opened.disagreeingShards());
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
    if (manifest.segmentBytes() != SEGMENT_BYTES) {
      throw new VaultException("the document is sealed in segments of " + manifest.segmentBytes() + " bytes, this vault uses " + SEGMENT_BYTES);
    }
    if (!manifest.commitsToItsFields(suite.hash())) {
      throw new VaultException("the manifest's record hash does not commit to its fields and shard hashes");
    }
  }

  /**
   * Opens a document from shards already checked against the manifest's hashes ({@code null}
   * where none is): checks the data key against the manifest's key commitment, rebuilds the sealed
   * bytes ({@link #rebuild}: every rebuilt data shard checked against its hash) and decrypts.
   */
  public Opened openVerified(ShardManifest manifest, byte[][] good, byte[] dataKey, byte[] context) {
    return openVerified(manifest, good, dataKey, context, false);
  }

  /**
   * As {@link #openVerified(ShardManifest, byte[][], byte[], byte[])}; with {@code
   * nameDisagreeingParity}, every parity shard present is also compared with the code of the data
   * shards (a reader that was refused by {@link ShardsDisagreeException} and fetched the rest does
   * this to name the holders whose shards disagree).
   */
  public Opened openVerified(ShardManifest manifest, byte[][] good, byte[] dataKey, byte[] context, boolean nameDisagreeingParity) {
    checkManifest(manifest);
    checkKey(manifest, dataKey);
    Rebuilt rebuilt = rebuild(manifest, good, nameDisagreeingParity);
    return new Opened(openSegments(dataKey, manifest.nonce(), rebuilt.sealed(), context), List.of(), rebuilt.disagreeingShards());
  }

  /**
   * Refuses a data key that is not the one the manifest commits to (version 2 manifests; version 1
   * ones carry no commitment): without this a custodian could wrap different keys for different
   * readers of one ciphertext, since GCM is not key-committing.
   */
  public void checkKey(ShardManifest manifest, byte[] dataKey) {
    if (dataKey.length != suite.aead().keyLength()) {
      throw new VaultException("a data key of " + suite.aead().name() + " has " + suite.aead().keyLength() + " bytes, got " + dataKey.length);
    }
    if (manifest.keyCommitment().isPresent() && !DataKeyCommitment.of(suite.hash(), dataKey).equals(manifest.keyCommitment().get())) {
      throw new VaultException("the data key does not match the manifest's key commitment: it is not the key the record was sealed under");
    }
  }

  /** More parity combinations than this are not tried: a manifest that needs them is refused. */
  private static final int MAX_COMBINATIONS = 64;

  /**
   * The sealed bytes from shards that match the manifest's hashes ({@code null} where none is).
   * Every data shard that had to be rebuilt through parity is hashed and compared with the
   * manifest: the record hash commits to all n shard hashes, but only the data shards are the
   * sealed bytes, and a custodian could list parity shards that are not their code, so that readers
   * through parity would open another document than readers of the data shards. When a rebuilt
   * data shard disagrees, other parity shards present are tried; the parity shards that are not the
   * code of the data shards are then named.
   *
   * @throws ShardsDisagreeException when no choice of the shards present rebuilds the data shards
   *     the manifest names (the missing data shards themselves are needed)
   */
  public Rebuilt rebuild(ShardManifest manifest, byte[][] good) {
    return rebuild(manifest, good, false);
  }

  /** As {@link #rebuild(ShardManifest, byte[][])}; {@code nameDisagreeingParity} compares every parity shard present with the data shards' code. */
  public Rebuilt rebuild(ShardManifest manifest, byte[][] good, boolean nameDisagreeingParity) {
    checkManifest(manifest);
    int k = manifest.dataShards();
    int n = manifest.totalShards();
    if (good.length != n) {
      throw new VaultException("expected " + n + " shard slots, got " + good.length);
    }
    List<Integer> missingData = new ArrayList<>();
    List<Integer> parity = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (good[i] == null && i < k) {
        missingData.add(i);
      } else if (good[i] != null && i >= k) {
        parity.add(i);
      }
    }
    if (k - missingData.size() + parity.size() < k) {
      throw new VaultException((k - missingData.size() + parity.size()) + " good shards of the " + k + " needed");
    }
    long length = manifest.sealedLength();
    if (missingData.isEmpty()) {
      byte[][] data = java.util.Arrays.copyOf(good, k);
      return new Rebuilt(code.join(data, length), nameDisagreeingParity ? disagreeingParity(data, good, parity) : List.of());
    }
    boolean disagreed = nameDisagreeingParity;
    int tried = 0;
    for (List<Integer> chosen : combinations(parity, missingData.size())) {
      if (++tried > MAX_COMBINATIONS) {
        break;
      }
      byte[][] input = new byte[n][];
      for (int i = 0; i < k; i++) {
        input[i] = good[i];
      }
      chosen.forEach(p -> input[p] = good[p]);
      byte[][] data = code.dataShards(input, length);
      boolean[] wrong = new boolean[1];
      inParallel(missingData.stream().mapToInt(Integer::intValue), length).forEach(i -> {
        if (!Hash.of(suite.hash().hash(data[i])).equals(manifest.shardHashes().get(i))) {
          wrong[0] = true;
        }
      });
      if (!wrong[0]) {
        return new Rebuilt(code.join(data, length), disagreed ? disagreeingParity(data, good, parity) : List.of());
      }
      disagreed = true;
    }
    throw new ShardsDisagreeException(missingData, parity);
  }

  /** The parity shards present that are not the code of {@code data}. */
  private List<Integer> disagreeingParity(byte[][] data, byte[][] good, List<Integer> parity) {
    List<Integer> disagreeing = new ArrayList<>();
    for (int p : parity) {
      if (!java.util.Arrays.equals(code.parityShard(data, p), good[p])) {
        disagreeing.add(p);
      }
    }
    return List.copyOf(disagreeing);
  }

  /** The {@code size}-element subsets of {@code from}, in lexicographic order of positions. */
  private static List<List<Integer>> combinations(List<Integer> from, int size) {
    List<List<Integer>> out = new ArrayList<>();
    int[] at = new int[size];
    for (int i = 0; i < size; i++) {
      at[i] = i;
    }
    while (size <= from.size() && out.size() <= MAX_COMBINATIONS) {
      List<Integer> pick = new ArrayList<>(size);
      for (int i : at) {
        pick.add(from.get(i));
      }
      out.add(pick);
      int i = size - 1;
      while (i >= 0 && at[i] == from.size() - size + i) {
        i--;
      }
      if (i < 0) {
        break;
      }
      at[i]++;
      for (int j = i + 1; j < size; j++) {
        at[j] = at[j - 1] + 1;
      }
    }
    return out;
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
