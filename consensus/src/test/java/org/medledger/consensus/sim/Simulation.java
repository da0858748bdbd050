package org.medledger.consensus.sim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * One deterministic run of N validators (FoundationDB / VOPR style): a seeded PRNG, a virtual
 * clock and a virtual network with delays, drops, duplicates, reordering and a partition until
 * a heal time; up to f validators Byzantine or crashing and restarting (catching up by fetching
 * certified blocks). The same seed replays the same run exactly.
 */
final class Simulation {
  static final String CHAIN = "sim-chain";
  static final long LIVENESS_BOUND_MILLIS = 300_000;
  static final int MAX_EVENTS = 3_000_000;

  final long seed;
  final SplittableRandom rnd;
  final int n;
  final int targetHeight;
  final long healAt;
  final double dropRate;
  final double duplicateRate;
  final int[] side;
  final SimKeys keys;
  final ValidatorSet validators;
  final Node[] nodes;
  final List<String> violations = new ArrayList<>();
  final PriorityQueue<Event> queue = new PriorityQueue<>();
  long now;
  long seq;
  long events;

  record Decided(long height, Hash id, byte[] value, CommitCertificate certificate) {}

  private record Event(long time, long seq, int node, int epoch, ConsensusMessage message, Timeout timeout, String control)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  final class Node implements ConsensusApplication, ConsensusOutbox {
    final int index;
    final Behaviour behaviour;
    final boolean crashes;
    final List<Decided> chain = new ArrayList<>();
    final List<ConsensusMessage> sent = new ArrayList<>();
    TendermintEngine engine;
    int epoch;
    boolean down;
    int proposals;

    Node(int index, Behaviour behaviour, boolean crashes) {
      this.index = index;
      this.behaviour = behaviour;
      this.crashes = crashes;
    }

    boolean honest() {
      return behaviour == Behaviour.HONEST;
    }

    /** The engine state last saved by {@link #persist}: what survives a crash. */
    EngineState saved;

    void boot() {
      epoch++;
      engine = new TendermintEngine(CHAIN, index, validators, keys.signer(index), this, this, new TimeoutPolicy(1_000, 500));
      if (saved != null && saved.height() == chain.size()) {
        engine.resume(saved);
      } else {
        engine.start(chain.size());
      }
    }

    @Override
    public void persist(EngineState state) {
      if (behaviour != Behaviour.AMNESIA) {
        saved = state;
      }
    }

    @Override
    public byte[] propose(long height, int round) {
      String prefix = behaviour == Behaviour.INVALID_BLOCKS ? "bad:" : "block:";
      return (prefix + height + ":" + index + ":" + round + ":" + (proposals++)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Hash idOf(byte[] value) {
      return Hash.of(CryptoSuites.intl().hash().hash(value));
    }

    @Override
    public boolean isValid(long height, byte[] value) {
      return new String(value, StandardCharsets.UTF_8).startsWith("block:" + height + ":");
    }

    @Override
    public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {
      String problem = certificateProblem(height, id, certificate);
      if (problem != null) {
        violations.add("node " + index + " committed height " + height + " with a bad certificate: " + problem);
      }
      if (!isValid(height, value)) {
        violations.add("node " + index + " committed an invalid value at height " + height);
      }
      if (height != chain.size()) {
        violations.add("node " + index + " committed height " + height + " but holds " + chain.size());
        return;
      }
      chain.add(new Decided(height, id, value, certificate));
    }

    @Override
    public void broadcast(ConsensusMessage m) {
      if (honest() || behaviour == Behaviour.INVALID_BLOCKS) {
        sent.add(m);
      }
      for (int j = 0; j < n; j++) {
        if (j != index) {
          for (ConsensusMessage variant : byzantine(this, m, j)) {
            send(index, j, variant);
          }
        }
      }
    }

    @Override
    public void schedule(Timeout t) {
      push(new Event(now + t.delayMillis(), seq++, index, epoch, null, t, null));
    }
  }

  Simulation(long seed) {
    this(seed, false);
  }

  /**
   * @param weakQuorum use the former quorum 2f + 1 for every n (wrong for n = 5, 6): the
   *     simulator must then find a fork, which shows it can
   */
  Simulation(long seed, boolean weakQuorum) {
    this.seed = seed;
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
    this.validators = weakQuorum ? QuorumIntersectionTest.twoFPlusOne(keys.validatorSet(n)) : keys.validatorSet(n);
    int f = validators.maxFaulty();
    int faulty = rnd.nextInt(f + 1);
    TreeSet<Integer> bad = new TreeSet<>();
    while (bad.size() < faulty) {
      bad.add(rnd.nextInt(n));
    }
    Behaviour[] kinds = Behaviour.values();
    this.nodes = new Node[n];
    for (int i = 0; i < n; i++) {
      Behaviour b = Behaviour.HONEST;
      boolean crashes = false;
      if (bad.contains(i)) {
        b = kinds[1 + rnd.nextInt(kinds.length - 1)];
        crashes = b == Behaviour.AMNESIA;
      } else {
        // Honest validators crash and restart from their saved engine state (the write-ahead
        // log), any number of them: they stay honest, so they do not count against f.
        crashes = rnd.nextInt(3) == 0;
      }
      nodes[i] = new Node(i, b, crashes);
    }
  }

  String describe() {
    StringBuilder s = new StringBuilder("seed " + seed + ": n=" + n + " target=" + targetHeight + " healAt=" + healAt
        + " drop=" + String.format("%.2f", dropRate) + " sides=" + Arrays.toString(side) + " nodes=[");
    for (Node nd : nodes) {
      s.append(nd.behaviour).append(nd.crashes ? "+CRASH" : "").append(' ');
    }
    return s.append("]").toString();
  }

  private void push(Event e) {
    queue.add(e);
  }

  private void send(int from, int to, ConsensusMessage m) {
    boolean beforeHeal = now < healAt;
    if (beforeHeal && side[from] != side[to]) {
      return;
    }
    if (beforeHeal && rnd.nextDouble() < dropRate) {
      return;
    }
    long delay = beforeHeal ? rnd.nextLong(1, 300) : rnd.nextLong(1, 100);
    push(new Event(now + delay, seq++, to, -1, m, null, null));
    if (rnd.nextDouble() < duplicateRate) {
      push(new Event(now + delay + rnd.nextLong(1, 200), seq++, to, -1, m, null, null));
    }
  }

  /** What a (possibly Byzantine) node actually sends to {@code to} instead of {@code m}. */
  private List<ConsensusMessage> byzantine(Node from, ConsensusMessage m, int to) {
    Signer signer = keys.signer(from.index);
    switch (from.behaviour) {
      case SILENT:
        return List.of();
      case BAD_SIGNATURES: {
        byte[] sig = m.signature().clone();
        sig[0] ^= 1;
        return List.of(m instanceof Proposal p
            ? new Proposal(p.height(), p.round(), p.value(), p.valueId(), p.validRound(), p.sender(), sig)
            : withSignature((Vote) m, sig));
      }
      case EQUIVOCATE: {
        if (to % 2 == 0) {
          return List.of(m);
        }
        if (m instanceof Proposal p) {
          byte[] alt = ("block:" + p.height() + ":" + from.index + ":" + p.round() + ":alt" + to).getBytes(StandardCharsets.UTF_8);
          Hash id = from.idOf(alt);
          return List.of(new Proposal(p.height(), p.round(), alt, id, -1, p.sender(),
              signer.sign(Proposal.signedBytes(CHAIN, p.height(), p.round(), id, -1))));
        }
        Vote v = (Vote) m;
        Hash other = v.isNil() ? from.idOf(("block:" + v.height() + ":ghost").getBytes(StandardCharsets.UTF_8)) : Vote.NIL;
        return List.of(new Vote(v.step(), v.height(), v.round(), other, v.sender(),
            signer.sign(Vote.signedBytes(CHAIN, v.step(), v.height(), v.round(), other))));
      }
      case COLLUDE: {
        if (to % 2 == 0) {
          return List.of(m);
        }
        byte[] alt = ("block:" + m.height() + ":alt:" + m.round()).getBytes(StandardCharsets.UTF_8);
        Hash id = from.idOf(alt);
        if (m instanceof Proposal p) {
          return List.of(new Proposal(p.height(), p.round(), alt, id, -1, p.sender(),
              signer.sign(Proposal.signedBytes(CHAIN, p.height(), p.round(), id, -1))));
        }
        Vote v = (Vote) m;
        return List.of(new Vote(v.step(), v.height(), v.round(), id, v.sender(),
            signer.sign(Vote.signedBytes(CHAIN, v.step(), v.height(), v.round(), id))));
      }
      case FAKE_VALID_ROUND: {
        if (m instanceof Proposal p && p.round() > 0) {
          int vr = p.round() - 1;
          return List.of(new Proposal(p.height(), p.round(), p.value(), p.valueId(), vr, p.sender(),
              signer.sign(Proposal.signedBytes(CHAIN, p.height(), p.round(), p.valueId(), vr))));
        }
        return List.of(m);
      }
      case FLOOD: {
        List<ConsensusMessage> out = new ArrayList<>();
        out.add(m);
        for (int k = 0; k < 3; k++) {
          Hash id = from.idOf(("block:" + m.height() + ":flood:" + rnd.nextLong()).getBytes(StandardCharsets.UTF_8));
          Step step = rnd.nextBoolean() ? Step.PREVOTE : Step.PRECOMMIT;
          out.add(new Vote(step, m.height(), m.round(), id, from.index, signer.sign(Vote.signedBytes(CHAIN, step, m.height(), m.round(), id))));
        }
        int far = m.round() + 1 + rnd.nextInt(1_000);
        byte[] value = ("block:" + m.height() + ":far:" + far).getBytes(StandardCharsets.UTF_8);
        Hash id = from.idOf(value);
        out.add(new Proposal(m.height(), far, value, id, -1, from.index, signer.sign(Proposal.signedBytes(CHAIN, m.height(), far, id, -1))));
        // A key outside the genesis, speaking as validator index n and as the flooding validator.
        Signer outsider = keys.signer(n);
        out.add(new Vote(Step.PREVOTE, m.height(), m.round(), id, n, outsider.sign(Vote.signedBytes(CHAIN, Step.PREVOTE, m.height(), m.round(), id))));
        out.add(new Vote(Step.PRECOMMIT, m.height(), m.round(), id, to, outsider.sign(Vote.signedBytes(CHAIN, Step.PRECOMMIT, m.height(), m.round(), id))));
        return out;
      }
      case REPLAY_OLD: {
        from.sent.add(m);
        List<ConsensusMessage> out = new ArrayList<>();
        out.add(m);
        if (from.sent.size() > 5 && rnd.nextInt(3) == 0) {
          out.add(from.sent.get(rnd.nextInt(from.sent.size() - 1)));
        }
        return out;
      }
      default:
        return List.of(m);
    }
  }

  private static Vote withSignature(Vote v, byte[] sig) {
    return new Vote(v.step(), v.height(), v.round(), v.valueId(), v.sender(), sig);
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
      if (idx < 0 || !validators.verify(idx, CommitCertificate.commitMessage(CHAIN, height, c.round(), id), s.signature())) {
        return "seal of " + s.validator() + " does not verify";
      }
      seen.add(s.validator());
    }
    return seen.size() >= validators.quorum() ? null : "only " + seen.size() + " seals";
  }

  /** Fetches certified blocks the node lacks from a reachable peer, checking each certificate. */
  private void sync(Node node) {
    Node best = null;
    for (Node peer : nodes) {
      boolean reachable = now >= healAt || side[peer.index] == side[node.index];
      if (peer != node && !peer.down && reachable && (best == null || peer.chain.size() > best.chain.size())) {
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
        violations.add("sync offered height " + d.height() + " with a bad certificate: " + problem);
        return;
      }
      node.chain.add(d);
    }
    node.boot();
  }

  /** Runs to completion; returns the violated invariants (empty when the run was correct). */
  List<String> run() {
    for (Node nd : nodes) {
      nd.boot();
      if (nd.crashes) {
        push(new Event(rnd.nextLong(100, 15_000), seq++, nd.index, 0, null, null, "crash"));
      }
      push(new Event(1_000, seq++, nd.index, 0, null, null, "sync"));
    }
    long deadline = Math.max(healAt, 0) + LIVENESS_BOUND_MILLIS;
    while (!queue.isEmpty() && !done()) {
      Event e = queue.poll();
      now = e.time();
      if (now > deadline || ++events > MAX_EVENTS) {
        break;
      }
      Node nd = nodes[e.node()];
      if ("crash".equals(e.control())) {
        nd.down = true;
        push(new Event(now + rnd.nextLong(500, 10_000), seq++, nd.index, 0, null, null, "restart"));
        continue;
      }
      if ("restart".equals(e.control())) {
        nd.down = false;
        nd.boot();
        if (nd.behaviour == Behaviour.AMNESIA) {
          push(new Event(now + rnd.nextLong(500, 5_000), seq++, nd.index, 0, null, null, "crash"));
        }
        continue;
      }
      if (nd.down) {
        if ("sync".equals(e.control())) {
          push(new Event(now + 1_000, seq++, nd.index, 0, null, null, "sync"));
        }
        continue;
      }
      if ("sync".equals(e.control())) {
        if (nd.honest()) {
          sync(nd);
        }
        push(new Event(now + 1_000, seq++, nd.index, 0, null, null, "sync"));
      } else if (e.timeout() != null) {
        if (e.epoch() == nd.epoch) {
          nd.engine.onTimeout(e.timeout());
        }
      } else {
        nd.engine.onMessage(e.message());
      }
    }
    check();
    return violations;
  }

  private boolean done() {
    for (Node nd : nodes) {
      if (nd.honest() && nd.chain.size() < targetHeight) {
        return false;
      }
    }
    return true;
  }

  private void check() {
    TreeMap<Long, Hash> agreed = new TreeMap<>();
    for (Node nd : nodes) {
      if (!nd.honest()) {
        continue;
      }
      for (Decided d : nd.chain) {
        Hash first = agreed.putIfAbsent(d.height(), d.id());
        if (first != null && !first.equals(d.id())) {
          violations.add("FORK at height " + d.height() + ": node " + nd.index + " decided " + d.id() + ", another " + first);
        }
      }
      if (nd.chain.size() < targetHeight) {
        violations.add("LIVENESS: node " + nd.index + " reached only height " + nd.chain.size() + " of " + targetHeight
            + " by " + now + " ms (healed at " + healAt + "), in round " + nd.engine.round() + ", evidence " + nd.engine.evidence().size() + "\n      " + nd.engine);
      }
      for (Evidence ev : nd.engine.evidence()) {
        if (nodes[ev.validator()].honest()) {
          violations.add("node " + nd.index + " blamed honest validator " + ev.validator());
        }
      }
    }
  }

  List<Evidence> evidenceSeenByHonest() {
    List<Evidence> all = new ArrayList<>();
    for (Node nd : nodes) {
      if (nd.honest()) {
        all.addAll(nd.engine.evidence());
      }
    }
    return all;
  }
}
