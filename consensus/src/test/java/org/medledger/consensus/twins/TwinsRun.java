package org.medledger.consensus.twins;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;

/**
 * Runs one {@link TwinsScenario} in virtual time (one millisecond per hop, timers as the engine
 * asks) and checks the three Twins properties for the honest validators: they never decide two
 * different blocks at a height; once the network is whole again they all decide within {@link
 * #LIVENESS_ROUNDS} rounds (by the engine, or by syncing a certified block as the node does);
 * and evidence names only twinned validators, and does whenever an honest engine was shown two
 * different signed messages of one for one step.
 *
 * <p>A message of a scenario round crosses only between instances on the same side of that
 * round's partition, until the heal: the time by which every scenario round would have timed out
 * ({@link #healAt}). From then on every message, retransmissions of old rounds included, is
 * delivered: Tendermint's liveness assumes gossip eventually delivers what honest validators
 * sent, so dropping a round's messages for ever would only prove that assumption.
 */
final class TwinsRun {
  static final String CHAIN = "twins-chain";
  static final TimeoutPolicy TIMEOUTS = new TimeoutPolicy(1_000, 500);
  /** Rounds after the heal (or after the scenario's last round, if later) within which every honest validator decides. */
  static final int LIVENESS_ROUNDS = 3;
  private static final long MAX_EVENTS = 1_000_000;

  final TwinsSetup setup;
  final TwinsScenario scenario;
  final EngineVariant variant;
  final TwinsKeys keys;
  /** The validator-set change the scenario plays across, or null: the genesis's four throughout. */
  final SetChange change;
  /** The height the scenario plays at: 0, or the change's height. */
  final long height;
  /** What honest instances follow. */
  final ValidatorSchedule schedule;
  /** The set in force at {@link #height}, with the scenario's leaders. */
  final ValidatorSet validators;
  final TwinsInstance[] instances;
  final long healAt;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final List<String> violations = new ArrayList<>();
  long now;
  private long seq;
  long events;
  /** What a twinned peer offers in block sync instead of its block's real certificate (a test may forge it). */
  java.util.function.UnaryOperator<CommitCertificate> offeredByTwinned = c -> c;
  /** Messages the twinned instances signed with their own key at the scenario's height (the cheat tried). */
  long twinnedSignedAtHeight;
  /** Blocks refused in sync for their certificate. */
  int refusedOffers;
  /** The highest round an undecided honest engine was in at the heal. */
  private int roundAtHeal = -1;

  private record Event(long time, long seq, int to, int epoch, ConsensusMessage message, Timeout timeout)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  /** What a run found. */
  record Outcome(List<String> violations, boolean evidenceRecorded, boolean honestSawTwoProposals, boolean twinDecided,
      long events) {
    boolean forked() {
      return violations.stream().anyMatch(v -> v.startsWith("FORK"));
    }
  }

  TwinsRun(TwinsSetup setup, TwinsScenario scenario, EngineVariant variant) {
    this(setup, scenario, variant, null);
  }

  /** A run across {@code change} (its own setup; the correct engine only), or as above when null. */
  TwinsRun(SetChange change, TwinsScenario scenario) {
    this(change.setup(), scenario, EngineVariant.CORRECT, change);
  }

  private TwinsRun(TwinsSetup setup, TwinsScenario scenario, EngineVariant variant, SetChange change) {
    this.setup = setup;
    this.scenario = scenario;
    this.variant = variant;
    this.change = change;
    this.keys = new TwinsKeys(change == null ? setup.validators() : SetChange.KEYS);
    this.height = change == null ? 0 : SetChange.HEIGHT;
    this.schedule = change == null ? ValidatorSchedule.fixed(new ScenarioLeaders(keys.validatorSet(), scenario))
        : change.schedule(keys, scenario);
    this.validators = schedule.at(height);
    this.instances = new TwinsInstance[setup.instances()];
    for (int i = 0; i < instances.length; i++) {
      instances[i] = new TwinsInstance(this, i, setup.validatorOf(i), setup.honest(i));
    }
    long heal = 0;
    for (int r = 0; r < scenario.rounds().size(); r++) {
      for (Timeout.Kind k : List.of(Timeout.Kind.PROPOSE, Timeout.Kind.PREVOTE, Timeout.Kind.PRECOMMIT)) {
        heal += TIMEOUTS.delay(k, r);
      }
    }
    this.healAt = heal;
  }

  /** A value's id: its bytes (short ASCII text, so unambiguous) in a 32-byte word. */
  static Hash idOf(byte[] value) {
    byte[] id = new byte[Hash.LENGTH];
    if (value.length >= Hash.LENGTH) {
      throw new IllegalArgumentException("Twins values are shorter than " + Hash.LENGTH + " bytes");
    }
    System.arraycopy(value, 0, id, 0, value.length);
    id[Hash.LENGTH - 1] = (byte) value.length;
    return Hash.of(id);
  }

  Outcome run() {
    for (TwinsInstance in : instances) {
      in.boot();
    }
    boolean healed = false;
    while (!queue.isEmpty() && !allHonestDecided() && violations.size() < 20) {
      Event e = queue.poll();
      if (!healed && e.time() >= healAt) {
        healed = true;
        now = healAt;
        heal();
        queue.add(e);
        continue;
      }
      now = e.time();
      if (++events > MAX_EVENTS) {
        violation("LIVENESS: more than " + MAX_EVENTS + " events");
        break;
      }
      TwinsInstance in = instances[e.to()];
      if (e.timeout() != null) {
        if (e.epoch() != in.epoch) {
          continue;
        }
        in.engine.onTimeout(e.timeout());
        if (healed) {
          sync(in);
        }
      } else {
        if (!in.delivered.add(e.message())) {
          continue;
        }
        if (in.honest && setup.isTwinned(nodeInSlot(e.message().sender()))) {
          in.noteFromTwinned(e.message());
        }
        in.engine.onMessage(e.message());
      }
      afterEvent(in, healed);
    }
    check(healed);
    boolean evidence = false;
    boolean twoProposals = false;
    boolean twinDecided = false;
    for (TwinsInstance in : instances) {
      twinDecided |= !in.honest && in.decided != null && !in.synced;
      if (in.honest) {
        evidence |= !in.evidence.isEmpty();
        twoProposals |= in.evidence.stream().anyMatch(ev -> ev.first() instanceof org.medledger.consensus.message.Proposal);
      }
    }
    return new Outcome(List.copyOf(violations), evidence, twoProposals, twinDecided, events);
  }

  private void afterEvent(TwinsInstance in, boolean healed) {
    if (in.engine.height() != height) {
      return;
    }
    in.maxRound = Math.max(in.maxRound, in.engine.round());
    if (in.honest && healed && roundAtHeal >= 0 && in.engine.round() > livenessBound()) {
      violation("LIVENESS: honest " + setup.name(in.index) + " reached round " + in.engine.round()
          + " of height " + height + ", past the bound " + livenessBound());
    }
    if (scenario.restarts() && in.honest && in.engine.round() > in.restartedForRound) {
      // A new round: the process restarts and has only what it saved.
      in.restartedForRound = in.engine.round();
      in.boot();
    }
  }

  private int livenessBound() {
    return Math.max(roundAtHeal, scenario.rounds().size()) + LIVENESS_ROUNDS;
  }

  private void heal() {
    int highest = 0;
    for (TwinsInstance in : instances) {
      if (in.honest && in.decided == null) {
        highest = Math.max(highest, in.engine.round());
      }
    }
    roundAtHeal = highest;
    for (TwinsInstance in : instances) {
      sync(in);
    }
  }

  /**
   * Block sync, as the node's: an instance still at height 0 once the network is whole takes a
   * decided block from any peer (twins included) whose certificate holds a quorum of valid seals.
   */
  private void sync(TwinsInstance in) {
    if (in.decided != null) {
      return;
    }
    for (TwinsInstance peer : instances) {
      if (peer != in && peer.decided != null) {
        CommitCertificate c = peer.honest ? peer.certificate : offeredByTwinned.apply(peer.certificate);
        String problem = certificateProblem(peer.decidedRound, peer.decided, c);
        if (problem != null) {
          refusedOffers++; // a block is taken only with a valid certificate
          continue;
        }
        in.decided = peer.decided;
        in.decidedRound = peer.decidedRound;
        in.certificate = c;
        in.synced = true;
        in.engine.start(height + 1);
        return;
      }
    }
  }

  boolean allHonestDecided() {
    for (TwinsInstance in : instances) {
      if (in.honest && in.decided == null) {
        return false;
      }
    }
    return true;
  }

  /** Whether message {@code m} from instance {@code from} reaches instance {@code to} now. */
  boolean carries(int from, int to, ConsensusMessage m) {
    if (now >= healAt || m.height() != height || m.round() >= scenario.rounds().size()) {
      return true;
    }
    TwinsScenario.Round r = scenario.rounds().get(m.round());
    if (from == r.bridge()) {
      return true;
    }
    if (to == r.bridge()) {
      return !(m instanceof Vote v && v.step() == Step.PRECOMMIT) || r.side(from) == 1;
    }
    return r.side(from) == r.side(to);
  }

  void broadcast(int from, ConsensusMessage m) {
    for (int to = 0; to < instances.length; to++) {
      // A repeat of what the receiver's engine already has carries nothing new (it drops it): not queued.
      if (to != from && carries(from, to, m) && !instances[to].delivered.contains(m)) {
        queue.add(new Event(now + 1, seq++, to, -1, m, null));
      }
    }
  }

  void timer(int instance, int epoch, Timeout t) {
    queue.add(new Event(now + t.delayMillis(), seq++, instance, epoch, null, t));
  }

  /**
   * Null when {@code c} holds a quorum of valid seals of distinct validators of the set in force
   * at {@link #height} for {@code id} at that height.
   */
  String certificateProblem(int round, Hash id, CommitCertificate c) {
    return certificateProblem(validators, round, id, c);
  }

  /** As above, checked against {@code set} instead (a test shows the old set would refuse it). */
  String certificateProblem(ValidatorSet set, int round, Hash id, CommitCertificate c) {
    if (c == null) {
      return "no certificate";
    }
    if (c.round() != round) {
      return "a certificate of round " + c.round() + " for round " + round;
    }
    byte[] message = CommitCertificate.commitMessage(CHAIN, height, round, id);
    TreeSet<Integer> signers = new TreeSet<>();
    for (CommitSeal s : c.seals()) {
      int v = indexOf(set, s.validator());
      if (v < 0 || !set.verify(v, message, s.signature())) {
        return "a seal of " + s.validator() + " that does not verify";
      }
      signers.add(v);
    }
    return signers.size() >= set.quorum() ? null : "only " + signers.size() + " seals";
  }

  /** The validator (node) number holding slot {@code slot} of the set in force at {@link #height}. */
  int nodeInSlot(int slot) {
    return change == null ? slot : SetChange.nodeInSlot(slot);
  }

  private static int indexOf(ValidatorSet set, Hash validatorId) {
    for (int i = 0; i < set.size(); i++) {
      if (set.id(i).equals(validatorId)) {
        return i;
      }
    }
    return -1;
  }

  void violation(String v) {
    if (violations.size() < 20) {
      violations.add(v);
    }
  }

  private void check(boolean healed) {
    Hash first = null;
    for (TwinsInstance in : instances) {
      if (!in.honest) {
        continue;
      }
      if (in.decided == null) {
        violation("LIVENESS: honest " + setup.name(in.index) + " never decided height " + height + " (round " + in.maxRound + ")");
      } else if (first == null) {
        first = in.decided;
      } else if (!first.equals(in.decided)) {
        violation("FORK: honest validators decided " + describeDecisions());
      }
      for (Evidence e : in.evidence) {
        if (!setup.isTwinned(nodeInSlot(e.validator()))) {
          violation("EVIDENCE: honest " + setup.name(in.index) + " blamed honest validator " + e.validator());
        }
      }
      for (int v : in.mustConvict) {
        if (in.evidence.stream().noneMatch(e -> e.validator() == v)) {
          violation("EVIDENCE: honest " + setup.name(in.index) + " was shown two different messages of validator " + v
              + " for one step and recorded no evidence");
        }
      }
    }
  }

  private String describeDecisions() {
    StringBuilder b = new StringBuilder();
    for (TwinsInstance in : instances) {
      if (in.decided != null) {
        byte[] raw = in.decided.unsafeBytes();
        b.append(setup.name(in.index)).append(in.honest ? "" : "(twinned)").append(": ")
            .append(new String(raw, 0, raw[Hash.LENGTH - 1], java.nio.charset.StandardCharsets.US_ASCII))
            .append(in.synced ? " (synced)" : " @r" + in.decidedRound).append("; ");
      }
    }
    return b.toString();
  }
}
