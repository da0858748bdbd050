package org.medledger.it.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a register workload's history for linearizability, with the chain's order as the
 * witness. The ledger orders every transaction (height, then index in the block); a read names
 * the height it read at. So the only candidate linearization is: each compare-and-set at its
 * commit position, each read just after block {@code height}. The history is linearizable iff
 *
 * <ol>
 *   <li>every answer a client got agrees with the chain (an acknowledged set committed and set the
 *       register at the height the node named, an acknowledged refusal committed as a refusal, an
 *       error-status submission never committed);
 *   <li>that order, replayed against a compare-and-set register's sequential rules, gives every
 *       compare-and-set's outcome, every read's version and writer, and the final state read back
 *       from the nodes;
 *   <li>it respects real time: an operation that ended before another began comes first.
 * </ol>
 *
 * A compare-and-set is the notary's anchor of the fingerprint of (register, version + 1): the
 * contract refuses a second anchor of one fingerprint by one organisation, so the ledger, not
 * the client, enforces the condition; clients only ever try version v + 1 after seeing v.
 */
public final class RegisterLinearizability {
  /** Where a committed transaction sits in the chain, and how it ended. */
  public record Commit(long height, int index, boolean success, String code) {}

  /** The notary's refusal of a second anchor: the compare-and-set found the version moved on. */
  static final String VERSION_MOVED = "already_anchored";

  private RegisterLinearizability() {}

  /**
   * @param commits every committed compare-and-set of the history by transaction id (absent: not
   *     committed)
   * @param finalWriters per register, the writer of versions 1, 2, ... as the nodes' state holds them
   * @return the violations found, each a sentence naming the operation; empty when linearizable
   */
  public static List<String> check(List<RegisterOp> history, Map<String, Commit> commits, Map<Integer, List<String>> finalWriters) {
    List<String> violations = new ArrayList<>();
    List<RegisterOp.Cas> committed = new ArrayList<>();
    for (RegisterOp op : history) {
      if (op instanceof RegisterOp.Cas c) {
        Commit at = commits.get(c.txId());
        agreesWithChain(c, at, violations);
        if (at != null && (at.success() || VERSION_MOVED.equals(at.code()))) {
          committed.add(c); // a compare-and-set that ran; one refused for another reason changed nothing
        }
      }
    }
    // (2) The chain's order replayed against a compare-and-set register.
    committed.sort(Comparator.comparing((RegisterOp.Cas c) -> commits.get(c.txId()).height())
        .thenComparing(c -> commits.get(c.txId()).index()));
    Map<Integer, List<String>> writers = new TreeMap<>();
    Map<Integer, List<Long>> writeHeights = new HashMap<>();
    for (RegisterOp.Cas c : committed) {
      Commit at = commits.get(c.txId());
      List<String> w = writers.computeIfAbsent(c.register(), r -> new ArrayList<>());
      boolean shouldSet = w.size() == c.expected();
      if (shouldSet != at.success()) {
        violations.add("compare-and-set " + c + " " + (at.success() ? "set" : "did not set") + " register " + c.register()
            + " at version " + w.size() + " although it expected version " + c.expected());
      }
      if (at.success()) {
        w.add(c.txId());
        writeHeights.computeIfAbsent(c.register(), r -> new ArrayList<>()).add(at.height());
      }
    }
    for (Map.Entry<Integer, List<String>> e : finalWriters.entrySet()) {
      List<String> expected = writers.getOrDefault(e.getKey(), List.of());
      if (!expected.equals(e.getValue())) {
        violations.add("register " + e.getKey() + " holds writers " + e.getValue() + " in the nodes' state, but the chain's"
            + " compare-and-sets give " + expected);
      }
    }
    for (RegisterOp op : history) {
      if (op instanceof RegisterOp.Read r) {
        List<Long> heights = writeHeights.getOrDefault(r.register(), List.of());
        long version = heights.stream().filter(h -> h <= r.height()).count();
        String writer = version == 0 ? "" : writers.get(r.register()).get((int) version - 1);
        if (version != r.version() || !writer.equals(r.writerTxId())) {
          violations.add("read " + r + " saw version " + r.version() + " by " + r.writerTxId() + ", but at height "
              + r.height() + " the chain gives version " + version + " by " + writer);
        }
      }
    }
    realTime(history, commits, violations);
    return violations;
  }

  /** (1) What the client was told against what the chain holds. */
  private static void agreesWithChain(RegisterOp.Cas c, Commit at, List<String> violations) {
    switch (c.result()) {
      case OK -> {
        if (at == null || !at.success() || at.height() != c.height()) {
          violations.add("acknowledged compare-and-set " + c + " is " + (at == null ? "not in the chain" : "in the chain as " + at));
        }
      }
      case FAIL -> {
        if (at == null || at.success() || !VERSION_MOVED.equals(at.code()) || at.height() != c.height()) {
          violations.add("compare-and-set " + c + " answered as refused by the contract is " + (at == null ? "not in the chain"
              : "in the chain as " + at));
        }
      }
      case NOOP -> {
        if (at == null || at.success() || VERSION_MOVED.equals(at.code()) || at.height() != c.height()) {
          violations.add("compare-and-set " + c + " answered as refused for another reason is " + (at == null
              ? "not in the chain" : "in the chain as " + at));
        }
      }
      case REFUSED -> {
        if (at != null) {
          violations.add("compare-and-set " + c + " refused at submission is in the chain as " + at);
        }
      }
      case UNKNOWN -> {
        // Either way is allowed; if it committed, the replay and the real-time order still hold it.
      }
    }
  }

  /** A position in the chain's order: a read sits after every transaction of its block. */
  private record Position(long height, long index) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      return height != o.height ? Long.compare(height, o.height) : Long.compare(index, o.index);
    }
  }

  /** (3) If A ended before B began, A's position is not after B's. */
  private static void realTime(List<RegisterOp> history, Map<String, Commit> commits, List<String> violations) {
    record Placed(RegisterOp op, Position at) {}
    List<Placed> placed = new ArrayList<>();
    for (RegisterOp op : history) {
      if (op instanceof RegisterOp.Read r) {
        placed.add(new Placed(r, new Position(r.height(), Long.MAX_VALUE)));
      } else {
        Commit c = commits.get(((RegisterOp.Cas) op).txId());
        if (c != null) {
          placed.add(new Placed(op, new Position(c.height(), c.index())));
        }
      }
    }
    List<Placed> byInvoke = new ArrayList<>(placed);
    byInvoke.sort(Comparator.comparingLong(p -> p.op().invokeNanos()));
    List<Placed> byComplete = new ArrayList<>(placed);
    byComplete.sort(Comparator.comparingLong(p -> p.op().completeNanos()));
    Placed latest = null;
    int done = 0;
    for (Placed b : byInvoke) {
      while (done < byComplete.size() && byComplete.get(done).op().completeNanos() < b.op().invokeNanos()) {
        Placed a = byComplete.get(done++);
        if (latest == null || a.at().compareTo(latest.at()) > 0) {
          latest = a;
        }
      }
      if (latest != null && latest.at().compareTo(b.at()) > 0) {
        violations.add(b.op() + " began after " + latest.op() + " ended, yet the chain orders it before (" + b.at() + " < "
            + latest.at() + ")");
      }
    }
  }
}
