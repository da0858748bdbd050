package org.medledger.node.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.vault.ShardManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a fetch or a repair gathers a record's shards: asks holders in a cost order, keeps only
 * shards whose hashes match the committed manifest, reports a holder whose shard fails its hash
 * (the bad-node report), and asks another holder in its place.
 */
final class ShardGathering {
  private static final Logger LOG = LoggerFactory.getLogger(ShardGathering.class);

  /** A holder's shard of a record: this node's own from its store, another's over the vault topic; null when none came. */
  interface ShardSource {
    byte[] shard(Hash record, String holder, int index);
  }

  /** Each record's placement: the validators in force at the height that registered it. */
  private final java.util.function.Function<Hash, ShardPlacement> placements;
  private final String organisation;
  private final CryptoSuite suite;
  private final Executor requesters;
  private final Map<String, Integer> badShards;
  private final long timeoutMillis;
  private final ShardSource source;

  ShardGathering(java.util.function.Function<Hash, ShardPlacement> placements, String organisation, CryptoSuite suite,
      Executor requesters, Map<String, Integer> badShards, long timeoutMillis, ShardSource source) {
    this.placements = placements;
    this.organisation = organisation;
    this.suite = suite;
    this.requesters = requesters;
    this.badShards = badShards;
    this.timeoutMillis = timeoutMillis;
    this.source = source;
  }

  /**
   * How long a fetch waits for the k holders it asked before asking every other holder too: half
   * a second, plus a shard's transfer at a slow 20 MB/s (a 33 MB shard of a 100 MB record ≈ 1.7 s).
   */
  static long hedgeMillis(ShardManifest m) {
    long shardBytes = m.sealedLength() / Math.max(1, m.dataShards());
    return 500 + shardBytes / 20_000;
  }

  /**
   * Any k shards whose hashes match the manifest; a bad one is reported and left out. Asks k
   * holders first — this node's own shard, then data shards, which rebuild the sealed bytes by
   * copying rather than arithmetic — and another holder for each that fails or fails its hash;
   * every holder left once the first ones take longer than {@link #hedgeMillis}. (Asking all n at
   * once read, sent and hashed a shard more than needed: a quarter more work per fetch.)
   */
  byte[][] gather(Hash record, ShardManifest m) {
    int n = m.totalShards();
    int k = m.dataShards();
    List<Integer> order = new ArrayList<>();
    int own = placements.apply(record).indexHeldBy(record, organisation);
    if (own >= 0 && own < n) {
      order.add(own);
    }
    for (int i = 0; i < n; i++) {
      if (i != own && i < k) {
        order.add(i);
      }
    }
    for (int i = k; i < n; i++) {
      if (i != own) {
        order.add(i);
      }
    }
    Gathering g = new Gathering(record, m, order);
    for (int i = 0; i < k; i++) {
      g.askNext();
    }
    try {
      if (!g.done.await(hedgeMillis(m), TimeUnit.MILLISECONDS)) {
        while (g.askNext()) {
          // the rest, at once
        }
        g.done.await(timeoutMillis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return g.result();
  }

  /**
   * {@code have} with every other shard that its holder gives and that matches the manifest: after
   * shards that each matched their hash rebuilt data shards that did not, the data shards
   * themselves settle which document the record is.
   */
  byte[][] gatherRest(Hash record, ShardManifest m, byte[][] have) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < m.totalShards(); i++) {
      if (have[i] == null) {
        order.add(i);
      }
    }
    Gathering g = new Gathering(record, m, order, order.size());
    while (g.askNext()) {
      // every one, at once
    }
    try {
      g.done.await(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    byte[][] all = g.collected();
    for (int i = 0; i < all.length; i++) {
      if (all[i] == null) {
        all[i] = have[i];
      }
    }
    return all;
  }

  /** One fetch's asks in flight, and the shards that came back good. */
  private final class Gathering {
    private final Hash record;
    private final ShardManifest manifest;
    private final List<Integer> order;
    private final byte[][] out;
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    private final int wanted;
    private int asked;
    private int answered;
    private int good;
    /** Shards that came back and failed the manifest's hash, and those missing or unanswered: for the error. */
    private final java.util.TreeSet<Integer> failedHash = new java.util.TreeSet<>();
    private final java.util.TreeSet<Integer> notReceived = new java.util.TreeSet<>();

    Gathering(Hash record, ShardManifest manifest, List<Integer> order) {
      this(record, manifest, order, manifest.dataShards());
    }

    /** Done once {@code wanted} good shards came back, or every holder in {@code order} answered. */
    Gathering(Hash record, ShardManifest manifest, List<Integer> order, int wanted) {
      this.record = record;
      this.manifest = manifest;
      this.order = order;
      this.wanted = wanted;
      this.out = new byte[manifest.totalShards()][];
    }

    /** Asks the next holder in order; false when every holder has been asked. */
    boolean askNext() {
      int index;
      synchronized (this) {
        if (asked >= order.size()) {
          return false;
        }
        index = order.get(asked++);
      }
      requesters.execute(() -> fetch(index));
      return true;
    }

    private void fetch(int index) {
      String holder = placements.apply(record).holder(record, index);
      byte[] s = null;
      try {
        s = source.shard(record, holder, index);
        if (s != null && !Hash.of(suite.hash().hash(s)).equals(manifest.shardHashes().get(index))) {
          badShards.merge(holder, 1, Integer::sum);
          LOG.warn("shard {} of record {} from {} fails its hash; left out", index, record, holder);
          synchronized (this) {
            failedHash.add(index);
          }
          s = null;
        }
      } catch (RuntimeException e) {
        s = null;
      }
      boolean askAnother;
      synchronized (this) {
        answered++;
        if (s != null) {
          out[index] = s;
          good++;
        } else if (!failedHash.contains(index)) {
          notReceived.add(index);
        }
        askAnother = s == null && good < wanted;
        if (good >= wanted || (answered == order.size())) {
          done.countDown();
        }
      }
      if (askAnother && !askNext()) {
        synchronized (this) {
          if (answered == asked) {
            done.countDown(); // every holder asked has answered, and not enough were good
          }
        }
      }
    }

    /** The good shards so far, however few. */
    synchronized byte[][] collected() {
      return out.clone();
    }

    synchronized byte[][] result() {
      if (good < manifest.dataShards()) {
        throw new VaultException("unavailable", "only " + good + " of the " + manifest.dataShards() + " shards needed for record "
            + record + " could be fetched (failing the manifest's hash: shards " + failedHash + "; missing or unanswered: shards "
            + notReceived + ")");
      }
      return out.clone();
    }
  }
}
