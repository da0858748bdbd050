package org.medledger.consensus.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.PersistFailedException;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;

/**
 * One deterministic run of N validators (FoundationDB / VOPR style): a seeded PRNG, a virtual
 * clock and a virtual network with drops, duplicates and a partition until a heal time, whose
 * delivery order an adversary chooses within a delay bound ({@link DeliveryOrder}); up to f
 * Byzantine validators ({@link Behaviour}), one of them perhaps a relay that swaps proposals'
 * bodies; a non-validator that forges messages; and honest validators that crash and restart from
 * their saved state ({@link SimDisk}), die mid-write, lose their disk until it is repaired, find
 * their saved state corrupt (and refuse to start until the operator's recovery) or their ledger
 * restored from an older backup. The same seed replays the same run exactly.
 */
final class Simulation {
  static final String CHAIN = "sim-chain";
  static final long LIVENESS_BOUND_MILLIS = 300_000;
  static final int MAX_EVENTS = 3_000_000;
  /** Delay bound before the heal, and after it (partial synchrony's Δ). */
  static final long BOUND_BEFORE_HEAL = 300;
  static final long BOUND_AFTER_HEAL = 100;
  /** How long after the heal every honest validator must have reached the target height. */
  long livenessBoundMillis = LIVENESS_BOUND_MILLIS;

  final long seed;
  final Rules rules;
  final SplittableRandom rnd;
  final int n;
  final int targetHeight;
  final long healAt;
  final double dropRate;
  final double duplicateRate;
  final int[] side;
  final SimKeys keys;
  /** The genesis's validators and quorum; the engines use {@link #validators}. */
  final ValidatorSet genesis;
  /** What the engines verify with: the genesis, unless {@link Rules#sendersMustBeValidators} is broken. */
  final ValidatorSet validators;
  /** The checker's own view of the genesis keys: it never believes a non-validator. */
  private final ValidatorSet genuineSeals;
  final SimValidator[] nodes;
  final DeliveryOrder order;
  /** The honest validator {@link DeliveryOrder#SLOW_VICTIM} slows down. */
  final int victim;
  /** The Byzantine validator that relays every proposal with another body first, or -1. */
  final int swapper;
  /** Whether a non-validator forges messages to the validators. */
  final boolean outsider;
  /** The one honest validator whose saved state may rot (only when fewer than f are Byzantine), or -1. */
  final int corruptible;
  /** The invariants a run broke, the first {@link #MAX_VIOLATIONS} of them. */
  final List<String> violations = new ArrayList<>();
  static final int MAX_VIOLATIONS = 100;
  final PriorityQueue<Event> queue = new PriorityQueue<>();
  final Adversary adversary = new Adversary(this);
  long now;
  long seq;
  long events;
  /** What the adversarial parts did, so a test can tell they were exercised. */
  int swappedCopies, forgedByOutsider, diskFailures, stoppedOnFailedSave, tornWrites, corruptions, refusals, restores;

  record Decided(long height, Hash id, byte[] value, CommitCertificate certificate) {}

  private record Event(long time, long seq, int node, int epoch, ConsensusMessage message, Timeout timeout, String control)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  Simulation(long seed) {
    this(seed, Rules.CORRECT);
  }

  /** @param rules the correct rules, or one deliberately broken: the simulator must then find the bug */
  Simulation(long seed, Rules rules) {
    this.seed = seed;
    this.rules = rules;
    this.rnd = new SplittableRandom(seed);
    this.n = new int[] {4, 4, 5, 6, 7}[rnd.nextInt(5)];
    this.targetHeight = 3 + rnd.nextInt(3);
    this.healAt = rnd.nextInt(4) == 0 ? 0 : rnd.nextLong(1, 20_000);
    this.dropRate = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 0.25;
    this.duplicateRate = rnd.nextDouble() * 0.1;
    this.side = new int[n];
    boolean partitioned = healAt > 0 && rnd.nextBoolean();
    for (int i = 0; i < n; i++) {
      side[i] = partitioned ? rnd.nextInt(2) : 0;
    }
    this.keys = new SimKeys(n + 1, seed); // the last key is a non-validator's
    this.genesis = rules.quorumsIntersect() ? keys.validatorSet(n) : QuorumIntersectionTest.twoFPlusOne(keys.validatorSet(n));
    this.validators = rules.sendersMustBeValidators() ? genesis : keys.believingAnySigner(genesis);
    this.genuineSeals = keys.validatorSet(n);
    int f = validators.maxFaulty();
    int faulty = rnd.nextInt(f + 1);
    TreeSet<Integer> bad = new TreeSet<>();
    while (bad.size() < faulty) {
      bad.add(rnd.nextInt(n));
    }
    Behaviour[] kinds = Behaviour.values();
    Behaviour[] behaviours = new Behaviour[n];
    boolean[] crashes = new boolean[n];
    long[] diskFailsAt = new long[n];
    for (int i = 0; i < n; i++) {
      behaviours[i] = Behaviour.HONEST;
      diskFailsAt[i] = -1;
      if (bad.contains(i)) {
        behaviours[i] = kinds[1 + rnd.nextInt(kinds.length - 1)];
      } else {
        // Honest validators crash and restart from their saved engine state (the write-ahead
        // log), and lose their disk for a while, any number of them: they stay honest, so they
        // do not count against f.
        crashes[i] = rnd.nextInt(3) == 0;
        diskFailsAt[i] = rnd.nextInt(6) == 0 ? rnd.nextLong(100, 15_000) : -1;
      }
    }
    // Half the time several Byzantine validators act as one (all colluding, all flooding, all
    // forgetting their locks...). Drawn from a PRNG of its own so that runs with fewer than two
    // Byzantine validators, and the regression seeds among them, stay as they were.
    if (bad.size() >= 2 && new SplittableRandom(~seed).nextBoolean()) {
      for (int i : bad) {
        behaviours[i] = behaviours[bad.first()];
      }
    }
    this.nodes = new SimValidator[n];
    int swapping = -1;
    for (int i = 0; i < n; i++) {
      if (behaviours[i] == Behaviour.AMNESIA) {
        crashes[i] = true;
      }
      if (behaviours[i] == Behaviour.BODY_SWAP) {
        swapping = i;
      }
      nodes[i] = new SimValidator(this, i, behaviours[i], crashes[i], diskFailsAt[i]);
    }
    this.swapper = swapping;
    this.order = DeliveryOrder.values()[rnd.nextInt(DeliveryOrder.values().length)];
    this.victim = firstHonestFrom(rnd.nextInt(n));
    this.outsider = rnd.nextInt(3) == 0;
    // A validator whose state rots stays down until the others pass its height: with f others
    // Byzantine that could never happen, so only a network with a fault to spare has one.
    int rotting = faulty < f ? firstHonestFrom(rnd.nextInt(n)) : -1;
    this.corruptible = rotting >= 0 && nodes[rotting].crashes ? rotting : -1;
  }

  void violation(String what) {
    if (violations.size() < MAX_VIOLATIONS) {
      violations.add(what);
    }
  }

  private int firstHonestFrom(int start) {
    for (int k = 0; k < n; k++) {
      if (nodes[(start + k) % n].honest()) {
        return (start + k) % n;
      }
    }
    return -1;
  }

  String describe() {
    StringBuilder s = new StringBuilder("seed " + seed + ": n=" + n + " target=" + targetHeight + " healAt=" + healAt
        + " drop=" + String.format("%.2f", dropRate) + " sides=" + Arrays.toString(side) + " order=" + order
        + (order == DeliveryOrder.SLOW_VICTIM ? "(" + victim + ")" : "") + (outsider ? " outsider" : "")
        + (corruptible >= 0 ? " rots=" + corruptible : "") + " nodes=[");
    for (SimValidator nd : nodes) {
      s.append(nd.behaviour).append(nd.crashes ? "+CRASH" : "").append(nd.diskFailsAt >= 0 ? "+DISK@" + nd.diskFailsAt : "")
          .append(' ');
    }
    return s.append("]").toString();
  }

  void timer(int node, int epoch, Timeout t) {
    push(new Event(now + t.delayMillis(), seq++, node, epoch, null, t, null));
  }

  private void push(Event e) {
    queue.add(e);
  }

  private void control(long at, int node, String what) {
    push(new Event(at, seq++, node, 0, null, null, what));
  }

  private boolean carries(int from, int to) {
    return now >= healAt || side[from] == side[to];
  }

  void send(int from, int to, ConsensusMessage m) {
    if (!carries(from, to)) {
      return;
    }
    boolean beforeHeal = now < healAt;
    if (beforeHeal && rnd.nextDouble() < dropRate) {
      return;
    }
    long delay = order.delay(rnd, now, from, to, m, victim, beforeHeal ? BOUND_BEFORE_HEAL : BOUND_AFTER_HEAL);
    if (m instanceof Proposal p && swapper >= 0 && swapper != to && !nodes[swapper].down && carries(from, swapper)
        && carries(swapper, to)) {
      // The swapping relay heard the proposal first and the adversary lets its copy, another
      // body behind the genuine header and signature, arrive before the genuine one.
      push(new Event(now + 2, seq++, to, -1, Adversary.withSwappedBody(p), null, null));
      delay = Math.max(delay, 3);
      swappedCopies++;
    }
    push(new Event(now + delay, seq++, to, -1, m, null, null));
    if (rnd.nextDouble() < duplicateRate) {
      push(new Event(now + delay + rnd.nextLong(1, 200), seq++, to, -1, m, null, null));
    }
    if (outsider && rnd.nextInt(20) == 0) {
      for (ConsensusMessage forged : adversary.outsider(m, to)) {
        push(new Event(now + rnd.nextLong(1, BOUND_AFTER_HEAL), seq++, to, -1, forged, null, null));
        forgedByOutsider++;
      }
    }
  }

  /** Runs one engine call; a failed save stops the validator as the node stops its ordering. */
  void act(SimValidator nd, Runnable call) {
    try {
      call.run();
    } catch (PersistFailedException stopped) {
      nd.crash();
      if (stopped.getCause() instanceof SimDisk.CrashedMidWrite) {
        control(now + rnd.nextLong(500, 5_000), nd.index, "restart");
      } else {
        // Its disk failed: it stays stopped until the operator repairs the disk ("repair").
        stoppedOnFailedSave++;
      }
    }
  }

  String certificateProblem(long height, Hash id, CommitCertificate c) {
    TreeSet<Hash> seen = new TreeSet<>();
    for (CommitSeal s : c.seals()) {
      int idx = -1;
      for (int i = 0; i < n; i++) {
        if (validators.id(i).equals(s.validator())) {
          idx = i;
        }
      }
      if (idx < 0 || !genuineSeals.verify(idx, CommitCertificate.commitMessage(CHAIN, height, c.round(), id), s.signature())) {
        return "seal of " + s.validator() + " does not verify";
      }
      seen.add(s.validator());
    }
    return seen.size() >= genesis.quorum() ? null : "only " + seen.size() + " seals";
  }

  /** Fetches certified blocks the node lacks from a reachable peer, checking each certificate. */
  private void sync(SimValidator node) {
    SimValidator best = null;
    for (SimValidator peer : nodes) {
      if (peer != node && !peer.down && carries(peer.index, node.index) && (best == null || peer.chain.size() > best.chain.size())) {
        best = peer;
      }
    }
    if (best == null || best.chain.size() <= node.chain.size()) {
      return;
    }
    while (node.chain.size() < best.chain.size()) {
      Decided d = best.chain.get(node.chain.size());
      String problem = certificateProblem(d.height(), d.id(), d.certificate());
      if (problem != null) {
        violation("sync offered height " + d.height() + " with a bad certificate: " + problem);
        return;
      }
      node.chain.add(d);
    }
    node.highestLedger = Math.max(node.highestLedger, node.chain.size());
    node.boot();
  }

  /**
   * README, "Saved consensus state": once the other validators are past the height this one was
   * deciding (at least one block more), the operator moves the unreadable state aside and starts
   * it; it syncs and votes only at new heights.
   */
  private void operatorRecovers(SimValidator nd) {
    int deciding = nd.highestLedger;
    for (SimValidator peer : nodes) {
      if (peer != nd && !peer.down && carries(peer.index, nd.index) && peer.chain.size() >= deciding + 2) {
        nd.disk.moveAside();
        nd.refused = null;
        nd.down = false;
        sync(nd);
        return;
      }
    }
  }

  private void crash(SimValidator nd) {
    if (nd.down) {
      return;
    }
    if (nd.honest() && rnd.nextInt(4) == 0) {
      nd.disk.tearNextWrite = true; // it dies inside its next save
      tornWrites++;
      return;
    }
    nd.crash();
    if (nd.honest()) {
      if (nd.index == corruptible && rnd.nextBoolean()) {
        nd.disk.corrupt();
        corruptions++;
      } else if (!nd.chain.isEmpty() && rnd.nextInt(6) == 0) {
        // Its ledger is restored from an older backup; the saved votes are not.
        int keep = Math.max(0, nd.chain.size() - 1 - rnd.nextInt(2));
        nd.chain.subList(keep, nd.chain.size()).clear();
        restores++;
      }
    }
    control(now + rnd.nextLong(500, 10_000), nd.index, "restart");
  }

  /** Runs to completion; returns the violated invariants (empty when the run was correct). */
  List<String> run() {
    for (SimValidator nd : nodes) {
      nd.boot();
      if (nd.crashes) {
        control(rnd.nextLong(100, 15_000), nd.index, "crash");
      }
      if (nd.diskFailsAt >= 0) {
        control(nd.diskFailsAt, nd.index, "diskFails");
      }
      control(1_000, nd.index, "sync");
    }
    long deadline = Math.max(healAt, 0) + livenessBoundMillis;
    while (!queue.isEmpty() && !done()) {
      Event e = queue.poll();
      now = e.time();
      if (now > deadline || ++events > MAX_EVENTS) {
        break;
      }
      SimValidator nd = nodes[e.node()];
      if (e.control() != null) {
        handle(nd, e.control());
      } else if (nd.voting && !nd.down) {
        if (e.timeout() != null) {
          if (e.epoch() == nd.epoch) {
            act(nd, () -> nd.engine.onTimeout(e.timeout()));
          }
        } else {
          act(nd, () -> nd.engine.onMessage(e.message()));
        }
      }
    }
    check();
    return violations;
  }

  private void handle(SimValidator nd, String control) {
    switch (control) {
      case "crash" -> crash(nd);
      case "restart" -> {
        if (nd.down && nd.refused == null && !nd.disk.failed) {
          nd.boot();
          if (nd.behaviour == Behaviour.AMNESIA) {
            control(now + rnd.nextLong(500, 5_000), nd.index, "crash");
          }
        }
      }
      case "diskFails" -> {
        nd.disk.failed = true;
        diskFailures++;
        control(now + rnd.nextLong(2_000, 10_000), nd.index, "repair");
      }
      case "repair" -> {
        // The operator fixes the disk and restarts the validator (stopped, or, under the broken
        // rule, still running on unsaved votes).
        nd.disk.failed = false;
        if (nd.refused == null) {
          nd.crash();
          nd.boot();
        }
      }
      case "sync" -> {
        if (nd.refused != null) {
          operatorRecovers(nd);
        } else if (!nd.down && nd.honest()) {
          sync(nd);
        }
        control(now + 1_000, nd.index, "sync");
      }
      default -> throw new IllegalStateException(control);
    }
  }

  private boolean done() {
    for (SimValidator nd : nodes) {
      if (nd.honest() && nd.chain.size() < targetHeight) {
        return false;
      }
    }
    return true;
  }

  private void check() {
    TreeMap<Long, Hash> agreed = new TreeMap<>();
    for (SimValidator nd : nodes) {
      if (!nd.honest()) {
        continue;
      }
      for (Decided d : nd.chain) {
        Hash first = agreed.putIfAbsent(d.height(), d.id());
        if (first != null && !first.equals(d.id())) {
          violation("FORK at height " + d.height() + ": node " + nd.index + " decided " + d.id() + ", another " + first);
        }
      }
      if (nd.chain.size() < targetHeight) {
        violation("LIVENESS: node " + nd.index + " reached only height " + nd.chain.size() + " of " + targetHeight
            + " by " + now + " ms (healed at " + healAt + "), " + (nd.down ? "down" : nd.voting ? "voting" : "following")
            + (nd.refused != null ? " (refused: " + nd.refused + ")" : "") + ", in round " + nd.engine.round()
            + ", evidence " + nd.engine.evidence().size() + "\n      " + nd.engine);
      }
      for (Evidence ev : nd.engine.evidence()) {
        if (nodes[ev.validator()].honest()) {
          violation("node " + nd.index + " blamed honest validator " + ev.validator());
        }
      }
    }
  }

  List<Evidence> evidenceSeenByHonest() {
    List<Evidence> all = new ArrayList<>();
    for (SimValidator nd : nodes) {
      if (nd.honest()) {
        all.addAll(nd.engine.evidence());
      }
    }
    return all;
  }
}
