package org.medledger.node.refusals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.storage.NodeLocalStore;

/**
 * The node's own log of refused requests to routes serving health data (docs/security.md,
 * "Refused requests"): hash-chained entries in the node's store, under a key prefix of their own
 * in its node-local column family, never on the ledger. The head (the last entry's number and
 * hash) moves in the same write as the entry, so the store never holds one without the other.
 *
 * <p>Bounded: past {@link #retained()} entries the oldest is dropped as each new one is filed,
 * and the hash of the dropped entry is kept as the anchor the oldest kept entry must name, so
 * retention never breaks the chain and removing an entry any other way does.
 */
public final class RefusalLog {
  /** About 260 bytes an entry before compression: some 130 MB of disk at most. */
  public static final long DEFAULT_RETAINED = 500_000;
  public static final int MAX_PAGE = 1000;
  /** Entries dropped in one write when the log is trimmed to a smaller retention. */
  private static final int TRIM_BATCH = 10_000;
  private static final byte[] ENTRIES = "refusals/e/".getBytes(StandardCharsets.UTF_8);
  private static final byte[] HEAD = "refusals/head".getBytes(StandardCharsets.UTF_8);

  private final NodeLocalStore store;
  private final HashFunction hash;
  private final Clock clock;
  private final long retained;
  /** The log's state in memory, as the head record on disk holds it; guarded by {@code this}. */
  private Head head;

  /** Last entry's number and hash; the oldest kept entry's number and the hash it must name. */
  private record Head(long last, Hash lastHash, long first, Hash anchor) {
    byte[] encode() {
      return new CanonicalWriter(80).u64(last).fixed(lastHash.toBytes(), Hash.LENGTH).u64(first)
          .fixed(anchor.toBytes(), Hash.LENGTH).toByteArray();
    }

    static Head decode(byte[] b) {
      CanonicalReader r = new CanonicalReader(b);
      Head h = new Head(r.u64("head.last"), Hash.of(r.fixed(Hash.LENGTH, "head.lastHash")), r.u64("head.first"),
          Hash.of(r.fixed(Hash.LENGTH, "head.anchor")));
      r.expectEnd("refusal log head");
      return h;
    }

    static final Head EMPTY = new Head(0, Hash.ZERO, 1, Hash.ZERO);
  }

  public RefusalLog(NodeLocalStore store, HashFunction hash, Clock clock, long retained) {
    if (retained < 1) {
      throw new IllegalArgumentException("the refusal log keeps at least one entry");
    }
    this.store = store;
    this.hash = hash;
    this.clock = clock;
    this.retained = retained;
    this.head = store.get(HEAD).map(Head::decode).orElse(Head.EMPTY);
  }

  public HashFunction hashFunction() {
    return hash;
  }

  public long retained() {
    return retained;
  }

  /** Files a refusal; returns its entry. */
  public synchronized RefusalEntry append(Refusal refusal) {
    RefusalEntry e = new RefusalEntry(head.last() + 1, clock.millis(), refusal, head.lastHash());
    byte[] encoded = e.encode();
    Hash h = RefusalEntry.hashOf(hash, encoded);
    List<NodeLocalStore.Write> writes = new ArrayList<>(3);
    writes.add(NodeLocalStore.Write.put(key(e.sequence()), encoded));
    long first = head.first();
    Hash anchor = head.anchor();
    if (e.sequence() - first + 1 > retained) {
      // The oldest goes; its hash becomes what the next oldest must name.
      Optional<byte[]> oldest = store.get(key(first));
      if (oldest.isPresent()) {
        anchor = RefusalEntry.hashOf(hash, oldest.get());
      }
      writes.add(NodeLocalStore.Write.delete(key(first)));
      first++;
    }
    Head next = new Head(e.sequence(), h, first, anchor);
    writes.add(NodeLocalStore.Write.put(HEAD, next.encode()));
    store.write(writes);
    head = next;
    return e;
  }

  /**
   * Drops the oldest entries until at most {@link #retained()} are kept (a node restarted with a
   * smaller {@code refusalLog.retainEntries}), each batch in one write with the head, whose anchor
   * becomes the hash of the last entry dropped. Returns how many were dropped.
   */
  public synchronized long trimToRetained() {
    long dropped = 0;
    while (head.last() - head.first() + 1 > retained) {
      long first = head.first();
      Hash anchor = head.anchor();
      List<NodeLocalStore.Write> writes = new ArrayList<>();
      long stop = Math.min(head.last() - retained + 1, first + TRIM_BATCH);
      for (long n = first; n < stop; n++) {
        Optional<byte[]> oldest = store.get(key(n));
        if (oldest.isPresent()) {
          anchor = RefusalEntry.hashOf(hash, oldest.get());
        }
        writes.add(NodeLocalStore.Write.delete(key(n)));
      }
      Head next = new Head(head.last(), head.lastHash(), stop, anchor);
      writes.add(NodeLocalStore.Write.put(HEAD, next.encode()));
      store.write(writes);
      dropped += stop - first;
      head = next;
    }
    return dropped;
  }

  /** Entry number {@code sequence}, if the log keeps it. */
  public Optional<RefusalEntry> entry(long sequence) {
    return sequence < 1 ? Optional.empty() : store.get(key(sequence)).map(RefusalEntry::decode);
  }

  /** The hash of entry number {@code sequence} as stored, if the log keeps it. */
  public Optional<Hash> entryHash(long sequence) {
    return sequence < 1 ? Optional.empty() : store.get(key(sequence)).map(b -> RefusalEntry.hashOf(hash, b));
  }

  /** One page of entries, oldest first, and where the next starts. */
  public record Page(List<RefusalEntry> entries, Long next) {}

  /**
   * Entries numbered after {@code after}, at most {@code limit}; with {@code naming}, only those
   * whose path (query included) holds that text, compared without case (a patient id as sent).
   */
  public Page page(long after, int limit, String naming) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit is 1 to " + MAX_PAGE + ", got " + limit);
    }
    String needle = naming == null ? null : naming.toLowerCase(Locale.ROOT);
    List<RefusalEntry> out = new ArrayList<>();
    boolean[] more = {false};
    long from = Math.max(after + 1, 1);
    store.scan(ENTRIES, key(from), (k, v) -> {
      RefusalEntry e = RefusalEntry.decode(v);
      if (needle != null && !e.refusal().path().toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
      if (out.size() == limit) {
        more[0] = true;
        return false;
      }
      out.add(e);
      return true;
    });
    return new Page(List.copyOf(out), more[0] ? out.get(out.size() - 1).sequence() : null);
  }

  /** The head as last filed: its number (0 before any entry) and hash. */
  public synchronized ChainCheck headNow() {
    return new ChainCheck(true, head.last() - head.first() + 1, head.first(), head.last(), head.lastHash(), head.anchor(), null);
  }

  /**
   * Walks every kept entry against the head on disk. An entry changed, removed or put in breaks
   * it; so does a head rewritten without the entries. (Rewriting the whole chain and its head
   * consistently is not caught here: a copy of an earlier head held elsewhere catches it.)
   */
  public synchronized ChainCheck check() {
    Head h = store.get(HEAD).map(Head::decode).orElse(Head.EMPTY);
    long[] expected = {h.first()};
    Hash[] previous = {h.anchor()};
    long[] count = {0};
    String[] problem = {null};
    store.scan(ENTRIES, ENTRIES, (k, v) -> {
      long n = sequenceOf(k);
      RefusalEntry e;
      try {
        e = RefusalEntry.decode(v);
      } catch (RuntimeException bad) {
        problem[0] = "entry " + n + " does not decode: " + bad.getMessage();
        return false;
      }
      if (n != expected[0] || e.sequence() != n) {
        problem[0] = "entry " + expected[0] + " is missing: the next stored is " + n
            + (e.sequence() != n ? " (numbered " + e.sequence() + " inside)" : "");
        return false;
      }
      if (!e.previous().equals(previous[0])) {
        problem[0] = "entry " + n + " names " + e.previous() + " as the entry before it, whose hash is " + previous[0]
            + ": an entry was changed or removed";
        return false;
      }
      previous[0] = RefusalEntry.hashOf(hash, v);
      expected[0] = n + 1;
      count[0]++;
      return true;
    });
    if (problem[0] == null && expected[0] - 1 != h.last()) {
      problem[0] = "the head is entry " + h.last() + " but the entries end at " + (expected[0] - 1);
    }
    if (problem[0] == null && !previous[0].equals(h.lastHash())) {
      problem[0] = "the head's hash " + h.lastHash() + " is not the last entry's " + previous[0] + ": an entry was changed";
    }
    return problem[0] == null ? new ChainCheck(true, count[0], h.first(), h.last(), h.lastHash(), h.anchor(), null)
        : ChainCheck.broken(count[0], h.first(), h.last(), h.lastHash(), h.anchor(), problem[0]);
  }

  private static byte[] key(long sequence) {
    byte[] k = java.util.Arrays.copyOf(ENTRIES, ENTRIES.length + 8);
    for (int i = 0; i < 8; i++) {
      k[ENTRIES.length + i] = (byte) (sequence >>> (56 - 8 * i));
    }
    return k;
  }

  private static long sequenceOf(byte[] key) {
    long n = 0;
    for (int i = 0; i < 8 && ENTRIES.length + i < key.length; i++) {
      n = (n << 8) | (key[ENTRIES.length + i] & 0xff);
    }
    return n;
  }
}
