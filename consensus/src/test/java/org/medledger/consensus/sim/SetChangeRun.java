package org.medledger.consensus.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;

/**
 * One seeded run of real engines across a validator-set change (issue 24 item 2): below {@link
 * #changeAt} the old set (keys 0 to n − 1) is in force; from it one validator is removed, one
 * added (key n) and one rotated to a new key (n + 1, held by the same node beside its old one).
 * The seed draws n (4 to 6), the change's height and who is removed and rotated, a partition and
 * message drops until a heal, per-message delays within a bound, crashes of honest validators
 * (each restarts from its saved votes after syncing the certified blocks it missed) and the one
 * Byzantine validator: none, the added one or the removed one. It equivocates at every height and
 * round it sees, in the slot it holds in the set in force or, where it holds none (the added one
 * before its height, the removed one from it), in the slot it holds in the other set: two proposals
 * when that slot proposes, and prevotes and precommits for different blocks to different
 * validators. The same seed replays the same run.
 */
final class SetChangeRun {
  enum Equivocator { NONE, ADDED, REMOVED }

  static final long TICK_MILLIS = 100;
  static final long LIVENESS_BOUND_MILLIS = 120_000;

  final long seed;
  final int n;
  final long changeAt;
  final int target;
  final int removed;
  final int rotated;
  final int joiner;
  final int newKey;
  final Equivocator equivocatorKind;
  /** The Byzantine validator's member (and key), or -1. */
  final int equivocator;
  final long healAt;
  final double dropRate;
  final long delayBound;
  final int[] side;
  final long[] crashAt;
  final ValidatorSet oldSet;
  final ValidatorSet newSet;
  /** The set in force at each height, what the checks hold everything to. */
  final ValidatorSchedule inForce;
  final Cluster cluster;
  final List<String> violations = new ArrayList<>();
  private final SplittableRandom rnd;
  private final TreeSet<String> equivocatedAt = new TreeSet<>();
  private final long[] restartAt;
  /** What the run did, so a test can tell the adversarial parts ran. */
  int equivocationsInForce, forgedOutOfForce, syncedBlocks, restarts;

  SetChangeRun(long seed) {
    this(seed, false);
  }

  /**
   * @param enginesIgnoreTheChange the engines keep the old set at every height (a deliberately
   *     broken node, so the harness proves its checks fire)
   */
  SetChangeRun(long seed, boolean enginesIgnoreTheChange) {
    this.seed = seed;
    this.rnd = new SplittableRandom(seed);
    this.n = 4 + rnd.nextInt(3);
    this.changeAt = 2 + rnd.nextInt(3);
    this.target = (int) changeAt + 3;
    this.joiner = n;
    this.newKey = n + 1;
    this.removed = rnd.nextInt(n);
    this.rotated = (removed + 1 + rnd.nextInt(n - 1)) % n;
    this.equivocatorKind = Equivocator.values()[rnd.nextInt(3)];
    this.equivocator = switch (equivocatorKind) {
      case NONE -> -1;
      case ADDED -> joiner;
      case REMOVED -> removed;
    };
    this.healAt = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(1, 15_000);
    this.dropRate = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 0.2;
    this.delayBound = rnd.nextLong(20, 300);
    boolean partitioned = healAt > 0 && rnd.nextBoolean();
    this.side = new int[n + 2];
    this.crashAt = new long[n + 2];
    this.restartAt = new long[n + 2];
    for (int i = 0; i < n + 2; i++) {
      side[i] = partitioned ? rnd.nextInt(2) : 0;
      crashAt[i] = rnd.nextInt(3) == 0 ? rnd.nextLong(500, 15_000) : -1;
      restartAt[i] = -1;
    }
    int[] oldKeys = java.util.stream.IntStream.range(0, n).toArray();
    List<Integer> newKeys = new ArrayList<>();
    for (int k : oldKeys) {
      if (k != removed) {
        newKeys.add(k == rotated ? newKey : k);
      }
    }
    newKeys.add(joiner);
    SimKeys keys = Cluster.keysFor(n + 2);
    this.oldSet = keys.validatorSetOf(oldKeys);
    this.newSet = keys.validatorSetOf(newKeys.stream().mapToInt(Integer::intValue).toArray());
    // Member n + 1 only stands for the rotated key: it runs no engine and the run never speaks for it.
    int[] idle = equivocator >= 0 ? new int[] {newKey, equivocator} : new int[] {newKey};
    this.cluster = new Cluster(n + 2, oldSet, idle);
    ValidatorSet before = oldSet;
    ValidatorSet after = newSet;
    this.inForce = h -> h < changeAt ? before : after;
    cluster.schedule = enginesIgnoreTheChange ? h -> before : inForce;
    cluster.members[rotated].heldKeys = new int[] {rotated, newKey};
    cluster.link = (from, to, m) -> cluster.now >= healAt || side[from] == side[to] && !(rnd.nextDouble() < dropRate);
    cluster.delay = (from, to, m) -> 1 + rnd.nextLong(cluster.now < healAt ? delayBound : Math.min(delayBound, 100));
  }

  /** The members that run the engine (honest ones). */
  private List<Cluster.Member> honest() {
    List<Cluster.Member> out = new ArrayList<>();
    for (Cluster.Member m : cluster.members) {
      if (!m.byzantine) {
        out.add(m);
      }
    }
    return out;
  }

  String describe() {
    return "seed " + seed + ": n=" + n + " change at " + changeAt + " (removed " + removed + ", added " + joiner + ", "
        + rotated + " rotated to key " + newKey + ") equivocator=" + equivocatorKind
        + (equivocator >= 0 ? "(" + equivocator + ")" : "") + " healAt=" + healAt + " drop="
        + String.format("%.2f", dropRate) + " delay<=" + delayBound + " sides=" + Arrays.toString(side) + " crashAt="
        + Arrays.toString(crashAt);
  }

  /** Runs to every honest validator's target height or the liveness bound; returns the violated invariants. */
  List<String> run() {
    cluster.start();
    long deadline = healAt + LIVENESS_BOUND_MILLIS;
    long nextSync = 1_000;
    while (cluster.now < deadline && !allReached()) {
      cluster.runFor(TICK_MILLIS);
      for (Cluster.Member m : honest()) {
        if (crashAt[m.index] >= 0 && cluster.now >= crashAt[m.index] && !m.down && restartAt[m.index] < 0) {
          m.crash();
          restartAt[m.index] = cluster.now + rnd.nextLong(500, 5_000);
        } else if (m.down && restartAt[m.index] >= 0 && cluster.now >= restartAt[m.index]) {
          restartAt[m.index] = Long.MAX_VALUE; // once
          sync(m, false);
          m.boot();
          restarts++;
        }
      }
      if (cluster.now >= nextSync) {
        nextSync += 1_000;
        for (Cluster.Member m : honest()) {
          if (!m.down) {
            sync(m, true);
          }
        }
      }
      if (equivocator >= 0) {
        equivocate();
      }
    }
    check();
    return violations;
  }

  private boolean allReached() {
    for (Cluster.Member m : honest()) {
      if (m.decided.size() < target) {
        return false;
      }
    }
    return true;
  }

  private boolean reaches(int from, int to) {
    return cluster.now >= healAt || side[from] == side[to];
  }

  /**
   * Block sync, as the node's: takes the certified blocks a reachable peer has beyond its own,
   * each certificate checked against the set in force at its height; a running engine then
   * restarts at the new height.
   */
  private void sync(Cluster.Member m, boolean restart) {
    Cluster.Member best = null;
    for (Cluster.Member peer : honest()) {
      if (peer != m && !peer.down && reaches(peer.index, m.index) && (best == null || peer.decided.size() > best.decided.size())) {
        best = peer;
      }
    }
    if (best == null || best.decided.size() <= m.decided.size()) {
      return;
    }
    while (m.decided.size() < best.decided.size()) {
      Cluster.Decided d = best.decided.get(m.decided.size());
      String problem = certificateProblem(d);
      if (problem != null) {
        violation("sync offered height " + d.height() + " with a bad certificate: " + problem);
        return;
      }
      m.decided.add(d);
      syncedBlocks++;
    }
    if (restart) {
      m.boot();
    }
  }

  /** Null when {@code d}'s certificate holds a quorum of valid seals of the set in force at its height. */
  String certificateProblem(Cluster.Decided d) {
    ValidatorSet set = inForce.at(d.height());
    CommitCertificate c = d.certificate();
    byte[] message = CommitCertificate.commitMessage(Cluster.CHAIN, d.height(), c.round(), d.id());
    TreeSet<Hash> signers = new TreeSet<>();
    for (CommitSeal s : c.seals()) {
      int slot = set.indexOf(s.validator());
      if (slot < 0) {
        return "a seal of " + s.validator() + ", not in the set at height " + d.height();
      }
      if (!set.verify(slot, message, s.signature())) {
        return "a seal of " + s.validator() + " that does not verify";
      }
      signers.add(s.validator());
    }
    return signers.size() >= set.quorum() ? null : "only " + signers.size() + " seals of a quorum of " + set.quorum();
  }

  /**
   * The Byzantine validator's turn: for each honest engine's current height and round, once, a
   * proposal (when its slot proposes) and a prevote and a precommit, for a block that depends on
   * which validator receives them, so honest validators that relay what they hear hold two.
   */
  private void equivocate() {
    for (Cluster.Member to : honest()) {
      if (to.down) {
        continue;
      }
      long h = to.engine.height();
      int r = to.engine.round();
      if (!equivocatedAt.add(to.index + "/" + h + "/" + r)) {
        continue;
      }
      ValidatorSet atHeight = inForce.at(h);
      Hash id = SimKeys.id(equivocator);
      int slot = atHeight.indexOf(id);
      if (slot >= 0) {
        equivocationsInForce++;
      } else {
        slot = (atHeight == oldSet ? newSet : oldSet).indexOf(id);
        forgedOutOfForce++;
      }
      byte[] value = Cluster.value("block:" + h + ":byz:" + r + ":" + (to.index % 2));
      Hash valueId = Cluster.idOf(value);
      var signer = cluster.keys.signer(equivocator);
      if (atHeight.proposer(h, r) == slot) {
        cluster.inject(to.index, new Proposal(h, r, value, valueId, -1, slot,
            signer.sign(Proposal.signedBytes(Cluster.CHAIN, h, r, valueId, -1))));
      }
      for (Step step : new Step[] {Step.PREVOTE, Step.PRECOMMIT}) {
        cluster.inject(to.index, new Vote(step, h, r, valueId, slot, signer.sign(Vote.signedBytes(Cluster.CHAIN, step, h, r, valueId))));
      }
    }
  }

  private void violation(String v) {
    if (violations.size() < 20) {
      violations.add(v);
    }
  }

  private void check() {
    TreeMap<Long, Hash> agreed = new TreeMap<>();
    List<Cluster.Member> honest = honest();
    for (Cluster.Member m : honest) {
      for (int h = 0; h < m.decided.size(); h++) {
        Cluster.Decided d = m.decided.get(h);
        if (d.height() != h) {
          violation("node " + m.index + " holds height " + d.height() + " at position " + h);
        }
        Hash first = agreed.putIfAbsent(d.height(), d.id());
        if (first != null && !first.equals(d.id())) {
          violation("FORK at height " + d.height() + ": node " + m.index + " decided " + d.id() + ", another " + first);
        }
        String problem = certificateProblem(d);
        if (problem != null) {
          violation("node " + m.index + " holds height " + h + " with a bad certificate: " + problem);
        }
      }
      if (m.decided.size() < target) {
        violation("LIVENESS: node " + m.index + " reached only height " + m.decided.size() + " of " + target + " by "
            + cluster.now + " ms (healed at " + healAt + ")" + (m.down ? ", down" : ", in round " + m.engine.round()));
      }
      for (Evidence ev : m.engine.evidence()) {
        Hash blamed = inForce.at(ev.first().height()).id(ev.validator());
        if (equivocator < 0 || !blamed.equals(SimKeys.id(equivocator))) {
          violation("node " + m.index + " blamed " + blamed + " at height " + ev.first().height() + ", not the equivocator");
        }
      }
      for (ConsensusMessage sent : m.sent) {
        for (int key : m.heldKeys) {
          if (signedBy(key, sent) && inForce.at(sent.height()).indexOf(SimKeys.id(key)) < 0) {
            violation("node " + m.index + " signed with key " + key + " at height " + sent.height() + ", where it is not in force");
          }
        }
      }
    }
    for (Cluster.Member a : honest) {
      for (Cluster.Member b : honest) {
        int common = Math.min(a.decided.size(), b.decided.size());
        for (int h = 0; h < common; h++) {
          if (!a.decided.get(h).id().equals(b.decided.get(h).id())) {
            violation("node " + a.index + "'s chain and node " + b.index + "'s differ at height " + h + ": neither is a prefix");
            break;
          }
        }
      }
    }
  }

  private boolean signedBy(int key, ConsensusMessage m) {
    return cluster.keys.validatorSetOf(key).verify(0, m.signedBytes(Cluster.CHAIN), m.signature());
  }

  /** Evidence the honest engines recorded (each names the equivocator, or {@link #check} said otherwise). */
  int evidenceRecorded() {
    int count = 0;
    for (Cluster.Member m : honest()) {
      count += m.engine.evidence().size();
    }
    return count;
  }

  /** Whether a block was sealed with the rotated validator's new key. */
  boolean rotatedKeySealed() {
    for (Cluster.Member m : honest()) {
      for (Cluster.Decided d : m.decided) {
        for (CommitSeal s : d.certificate().seals()) {
          if (s.validator().equals(SimKeys.id(newKey))) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
