package org.medledger.consensus.statemachine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusEngine;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.PersistFailedException;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.ValidatorKey;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * Tendermint consensus exactly as Algorithm 1 of Buchman, Kwon and Milosevic, "The latest gossip
 * on BFT consensus" (2018); comments name the algorithm's lines. After every event the "upon"
 * rules are evaluated until none fires. Safe with up to f Byzantine validators of n = 3f+1, live
 * after global stabilisation.
 *
 * <p>Not final only so that the simulator's Twins harness can subclass it with a deliberately
 * broken lock rule ({@link #lockAllowsPrevote}) and prove that it then finds a fork; the node
 * runs this class itself.
 */
public class TendermintEngine implements ConsensusEngine {
  private enum Phase { PROPOSE, PREVOTE, PRECOMMIT }

  private static final int MAX_FUTURE_HEIGHTS = 2;
  private static final int MAX_ROUNDS_AHEAD = 1_000;
  /** Distinct proposals kept per round before only ones that validators vote for are kept. */
  private static final int MAX_PROPOSALS_PER_ROUND = 2;
  private static final int MAX_EVIDENCE = 256;

  private final String chainId;
  /** The keys this node holds, newest last; at each height the one the height's set holds signs. */
  private final Supplier<List<ValidatorKey>> keys;
  private final ValidatorSchedule schedule;
  /** This validator's index in the set in force at {@link #height}; -1 while it is not in it. */
  private int self;
  /** The set in force at {@link #height}: senders are indices into it, its quorum decides. */
  private ValidatorSet validators;
  /** The set in force at {@link #previousHeight}, to check late messages of that height. */
  private ValidatorSet previousValidators;
  /** The signer of the key the set in force at {@link #height} holds; null while it holds none. */
  private Signer signer;
  private final ConsensusApplication app;
  private final ConsensusOutbox out;
  private final TimeoutPolicy timeouts;
  private final List<Evidence> evidence = new ArrayList<>();

  private long height = -1;
  private int round;
  private Phase phase;
  private byte[] lockedValue;
  private int lockedRound;
  private byte[] validValue;
  private int validRound;
  private boolean decided;
  /** A save failed: this engine sends nothing more (see {@link #emit}). */
  private boolean halted;
  /** Round 0 of this height has not begun its proposal or timer: nothing to order yet. */
  private boolean idle;

  /**
   * The proposer's proposals per round, distinct (id, validRound) in arrival order. More than one
   * means the proposer equivocated; all are kept (up to a bound) because Algorithm 1 lines 28,
   * 36 and 49 accept any proposal from the proposer: a validator that heard A first must still
   * lock on, or decide, B once 2f+1 validators vote for B.
   */
  private final Map<Integer, List<Proposal>> proposals = new TreeMap<>();
  private final Map<Integer, VoteSet> prevotes = new TreeMap<>();
  private final Map<Integer, VoteSet> precommits = new TreeMap<>();
  private final Map<Integer, Set<Integer>> sendersByRound = new TreeMap<>();
  private final Map<Hash, Boolean> validity = new TreeMap<>();
  private final Set<Integer> prevoteTimeoutScheduled = new TreeSet<>();
  private final Set<Integer> precommitTimeoutScheduled = new TreeSet<>();
  private final Set<Integer> lockRuleFired = new TreeSet<>();
  private final List<ConsensusMessage> future = new ArrayList<>();
  /**
   * Every message accepted at the current height (own and others', conflicting ones included),
   * re-sent until the height is decided: the paper's gossip, which its liveness proof assumes.
   */
  private final List<ConsensusMessage> known = new ArrayList<>();
  /**
   * {@link #known} of the height just decided, kept while the next is decided: a message for that
   * height that arrives late and contradicts one of these is still evidence (issue 21, finding 8).
   */
  private List<ConsensusMessage> previousKnown = List.of();
  private long previousHeight = -1;

  public TendermintEngine(String chainId, int self, ValidatorSet validators, Signer signer, ConsensusApplication app,
      ConsensusOutbox out, TimeoutPolicy timeouts) {
    this(chainId, self >= 0 && self < validators.size() ? validators.id(self) : Hash.ZERO,
        ValidatorSchedule.fixed(validators), signer, app, out, timeouts);
  }

  /**
   * An engine whose validator set follows {@code schedule}: at each height it takes that height's
   * set (ids, verifiers, proposer rotation, quorum) and its own index in it; a height whose set
   * does not hold {@code selfId} it follows without signing anything.
   */
  public TendermintEngine(String chainId, Hash selfId, ValidatorSchedule schedule, Signer signer,
      ConsensusApplication app, ConsensusOutbox out, TimeoutPolicy timeouts) {
    this(chainId, () -> List.of(new ValidatorKey(selfId, signer)), schedule, app, out, timeouts);
  }

  /**
   * An engine whose node may hold more than one key (a rotated node certificate): at each height
   * it signs with the key whose id the height's set holds, and follows without signing when the
   * set holds none of them. {@code keys} is read at each height, so a key the node picks up while
   * running (the rotated pair placed beside the old) signs from the rotation's height on.
   */
  public TendermintEngine(String chainId, Supplier<List<ValidatorKey>> keys, ValidatorSchedule schedule,
      ConsensusApplication app, ConsensusOutbox out, TimeoutPolicy timeouts) {
    this.chainId = chainId;
    this.keys = keys;
    this.schedule = schedule;
    this.validators = schedule.at(1);
    this.previousValidators = validators;
    takeKeyOf(validators);
    this.app = app;
    this.out = out;
    this.timeouts = timeouts;
  }

  @Override
  public void start(long h) {
    if (halted) {
      return;
    }
    reset(h);
    startRound(0);
    replayFuture();
  }

  @Override
  public void resume(EngineState s) {
    if (halted) {
      return;
    }
    reset(s.height());
    idle = false;
    round = s.round();
    phase = Phase.values()[s.step()];
    lockedValue = s.lockedValue();
    lockedRound = s.lockedRound();
    validValue = s.validValue();
    validRound = s.validRound();
    for (ConsensusMessage m : s.own()) {
      accept(m);
      out.broadcast(m);
    }
    if (phase == Phase.PROPOSE && validators.proposer(height, round) != self) {
      out.schedule(new Timeout(Timeout.Kind.PROPOSE, height, round, timeouts.delay(Timeout.Kind.PROPOSE, round)));
    }
    if (phase == Phase.PROPOSE && validators.proposer(height, round) == self && proposalsAt(round).isEmpty()) {
      // Crashed between deciding to propose and saving the proposal: nothing was signed, so
      // proposing now contradicts nothing.
      startRound(round);
    } else {
      evaluate();
    }
    replayFuture();
  }

  private void replayFuture() {
    List<ConsensusMessage> buffered = new ArrayList<>(future);
    future.clear();
    for (ConsensusMessage m : buffered) {
      onMessage(m);
    }
  }

  private void reset(long h) {
    if (h == height + 1 && height >= 0) {
      previousKnown = new ArrayList<>(known);
      previousHeight = height;
      previousValidators = validators;
    } else {
      previousKnown = List.of();
      previousHeight = -1;
    }
    height = h;
    validators = schedule.at(h);
    takeKeyOf(validators);
    lockedValue = null;
    lockedRound = -1;
    validValue = null;
    validRound = -1;
    decided = false;
    proposals.clear();
    prevotes.clear();
    precommits.clear();
    sendersByRound.clear();
    validity.clear();
    prevoteTimeoutScheduled.clear();
    precommitTimeoutScheduled.clear();
    lockRuleFired.clear();
    known.clear();
    // Algorithm 1 assumes gossip delivers every message eventually (§2); over a lossy network
    // that means re-sending, or a validator that missed 2f+1 votes never starts its timers.
    out.schedule(new Timeout(Timeout.Kind.RETRANSMIT, h, 0, timeouts.baseMillis()));
    idle = !app.hasWork(h);
  }

  @Override
  public long height() {
    return height;
  }

  @Override
  public int round() {
    return round;
  }

  /** The round state, for logs and failing simulator seeds. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("validator " + self + " h=" + height + " r=" + round + " " + phase
        + " locked@" + lockedRound + " valid@" + validRound + " |");
    for (int r = Math.max(0, round - 3); r <= round; r++) {
      List<Proposal> ps = proposalsAt(r);
      Proposal p = ps.isEmpty() ? null : ps.get(0);
      b.append(" r").append(r).append(":").append(p == null ? "noP" : "P(" + p.valueId().hex().substring(0, 4) + ",vr" + p.validRound() + ")"
          + (ps.size() > 1 ? "+" + (ps.size() - 1) : ""));
      VoteSet pv = prevotes.get(r);
      VoteSet pc = precommits.get(r);
      b.append(" pv=").append(pv == null ? 0 : pv.total());
      if (p != null && pv != null) {
        b.append("(for ").append(pv.count(p.valueId())).append(")");
      }
      b.append(" pc=").append(pc == null ? 0 : pc.total());
    }
    return b.toString();
  }

  @Override
  public List<Evidence> evidence() {
    return List.copyOf(evidence);
  }

  /** Lines 11-21: StartRound(r). */
  private void startRound(int r) {
    round = r;
    phase = Phase.PROPOSE;
    if (r > 0) {
      idle = false;
    }
    if (idle) {
      // An implementation choice outside Algorithm 1 (as CometBFT's create_empty_blocks=false):
      // round 0 begins once there is work or another validator has begun it.
      evaluate();
      return;
    }
    if (validators.proposer(height, r) == self) {
      byte[] value = validValue != null ? validValue : app.propose(height, r);
      Hash id = app.idOf(value);
      Proposal p = new Proposal(height, r, value, id, validValue != null ? validRound : -1, self,
          signer.sign(Proposal.signedBytes(chainId, height, r, id, validValue != null ? validRound : -1)));
      emit(p);
    } else {
      out.schedule(new Timeout(Timeout.Kind.PROPOSE, height, r, timeouts.delay(Timeout.Kind.PROPOSE, r)));
    }
    evaluate();
  }

  @Override
  public void onWork() {
    if (idle && !decided && height >= 0 && !halted) {
      idle = false;
      startRound(round);
    }
  }

  /**
   * Saves the state with {@code m} among this validator's messages, then records and sends it.
   * Saving comes first: a message that is not durable must never leave, not even by a later
   * retransmission, or a restart could sign a different one for the same step.
   */
  private void emit(ConsensusMessage m) {
    try {
      out.persist(state(m));
    } catch (RuntimeException e) {
      halted = true;
      throw new PersistFailedException("validator " + self + " could not save its consensus state at height " + height
          + " round " + round + " (" + e.getMessage() + "); it has stopped rather than send " + m, e);
    }
    accept(m);
    out.broadcast(m);
  }

  /** The state a restart needs (see {@link EngineState}), with {@code next} about to be sent. */
  private EngineState state(ConsensusMessage next) {
    // After a restart the engine acts only in its saved round or later, so its messages of older
    // rounds cannot be contradicted: saving only the rounds that still matter bounds each save.
    // Others' prevotes behind our lock and valid value are saved too: restarted without them we
    // would keep the lock but could not show why, and if their signers are down or silent no one
    // could accept our re-proposal (line 28) while we prevote nothing else: a stall for good.
    Hash lockedId = lockedValue == null ? null : app.idOf(lockedValue);
    Hash validId = validValue == null ? null : app.idOf(validValue);
    List<ConsensusMessage> own = new ArrayList<>();
    for (ConsensusMessage m : known) {
      if (m.sender() == self ? matters(m.round()) : provesLockOrValidValue(m, lockedId, validId)) {
        own.add(m);
      }
    }
    own.add(next);
    return new EngineState(height, round, phase.ordinal(), lockedValue, lockedRound, validValue, validRound, own);
  }

  private boolean provesLockOrValidValue(ConsensusMessage m, Hash lockedId, Hash validId) {
    return m instanceof Vote v && v.step() == Step.PREVOTE
        && ((v.round() == lockedRound && v.valueId().equals(lockedId)) || (v.round() == validRound && v.valueId().equals(validId)));
  }

  /** Whether a failed save has stopped this engine for good (see {@link PersistFailedException}). */
  public boolean halted() {
    return halted;
  }

  /** This node's index in {@code set} and the signer of that key: the first key it holds that the set holds. */
  private void takeKeyOf(ValidatorSet set) {
    self = -1;
    signer = null;
    for (ValidatorKey k : keys.get()) {
      int i = set.indexOf(k.id());
      if (i >= 0) {
        self = i;
        signer = k.signer();
        return;
      }
    }
  }

  private void vote(Step step, Hash id) {
    if (self < 0) {
      return; // not a validator at this height: it follows the votes, it casts none
    }
    Vote v = new Vote(step, height, round, id, self, signer.sign(Vote.signedBytes(chainId, step, height, round, id)));
    emit(v);
  }

  @Override
  public void onMessage(ConsensusMessage m) {
    if (!halted && m.height() == previousHeight && m.height() < height) {
      convictLate(m);
      return;
    }
    if (halted || m.height() < height || m.round() < 0 || m.round() > round + MAX_ROUNDS_AHEAD) {
      return;
    }
    // A later height's set may still change with the blocks before it: its messages are checked
    // against the set known now and again, against the set in force, when they are replayed.
    ValidatorSet senders = m.height() == height ? validators : schedule.at(m.height());
    if (!senders.verify(m.sender(), m.signedBytes(chainId), m.signature())) {
      return;
    }
    if (m instanceof Proposal p && (p.sender() != senders.proposer(p.height(), p.round())
        || !app.idOf(p.value()).equals(p.valueId()) || p.validRound() >= p.round() || p.validRound() < -1)) {
      return;
    }
    if (m.height() > height) {
      if (m.height() <= height + MAX_FUTURE_HEIGHTS && future.size() < 10_000) {
        future.add(m);
      }
      return;
    }
    if (accept(m)) {
      if (idle && m.round() == 0) {
        // Another validator has begun this height: so do we.
        idle = false;
        startRound(0);
        return;
      }
      evaluate();
    }
  }

  /** Records a message of the current height; false when it adds nothing. */
  private boolean accept(ConsensusMessage m) {
    sendersByRound.computeIfAbsent(m.round(), k -> new TreeSet<>()).add(m.sender());
    if (m instanceof Proposal p) {
      List<Proposal> same = proposals.computeIfAbsent(p.round(), k -> new ArrayList<>());
      for (Proposal earlier : same) {
        if (earlier.valueId().equals(p.valueId()) && earlier.validRound() == p.validRound()) {
          return false;
        }
      }
      if (same.size() == 1) {
        recordEvidence(new Evidence(p.sender(), same.get(0), p));
      }
      if (!same.isEmpty()) {
        if (same.size() >= MAX_PROPOSALS_PER_ROUND && votesFor(p.round(), p.valueId()) <= validators.maxFaulty()) {
          // An equivocator's flood of values: keep only those an honest validator has voted for.
          return false;
        }
      }
      same.add(p);
      known.add(p);
      return true;
    }
    Vote v = (Vote) m;
    Map<Integer, VoteSet> sets = v.step() == Step.PREVOTE ? prevotes : precommits;
    VoteSet set = sets.computeIfAbsent(v.round(), k -> new VoteSet());
    if (set.contains(v)) {
      return false;
    }
    Vote earlier = set.add(v, validators.maxFaulty() + 1);
    if (!set.contains(v)) {
      return false; // a third value from the same validator: dropped (see VoteSet)
    }
    if (earlier != null) {
      recordEvidence(new Evidence(v.sender(), earlier, v));
    }
    known.add(v);
    return true;
  }

  private boolean valid(Proposal p) {
    return validity.computeIfAbsent(p.valueId(), id -> app.isValid(height, p.value()));
  }

  /**
   * Rounds whose messages others may still need from us: this round and the last, and the proof
   * of lock behind a re-proposal (Algorithm 1 line 28 needs 2f+1 prevotes of its validRound):
   * our locked and valid rounds and the validRound of this round's proposals.
   */
  private boolean matters(int r) {
    if (r >= round - 1 || r == lockedRound || r == validRound) {
      return true;
    }
    for (Proposal p : proposalsAt(round)) {
      if (p.validRound() == r) {
        return true;
      }
    }
    return false;
  }

  /**
   * A message for the height just decided: nothing to act on, but if its sender signed something
   * else for the same step there, the two are evidence. The signature is checked only then, so
   * the late copies lagging validators re-send cost nothing.
   */
  private void convictLate(ConsensusMessage m) {
    for (ConsensusMessage earlier : previousKnown) {
      if (earlier.sender() == m.sender() && earlier.round() == m.round() && sameStep(earlier, m)) {
        if (!java.util.Arrays.equals(earlier.signedBytes(chainId), m.signedBytes(chainId))
            && previousValidators.verify(m.sender(), m.signedBytes(chainId), m.signature())) {
          recordEvidence(new Evidence(m.sender(), earlier, m));
          return;
        }
      }
    }
  }

  private static boolean sameStep(ConsensusMessage a, ConsensusMessage b) {
    if (a instanceof Vote va && b instanceof Vote vb) {
      return va.step() == vb.step();
    }
    return a instanceof Proposal && b instanceof Proposal;
  }

  /**
   * Keeps one proof per validator and height (one suffices to show it equivocated there), and
   * the latest {@link #MAX_EVIDENCE} in all, so a Byzantine validator cannot grow it without bound.
   */
  private void recordEvidence(Evidence e) {
    for (Evidence known : evidence) {
      if (known.validator() == e.validator() && known.first().height() == e.first().height()) {
        return;
      }
    }
    if (evidence.size() >= MAX_EVIDENCE) {
      evidence.remove(0);
    }
    evidence.add(e);
    out.evidence(e);
  }

  private List<Proposal> proposalsAt(int r) {
    List<Proposal> ps = proposals.get(r);
    return ps == null ? List.of() : ps;
  }

  /** Distinct validators that prevoted or precommitted {@code id} in round {@code r}, at most. */
  private int votesFor(int r, Hash id) {
    return Math.max(prevotesFor(r, id), precommitsFor(r, id));
  }

  private int prevotesFor(int r, Hash id) {
    VoteSet s = prevotes.get(r);
    return s == null ? 0 : s.count(id);
  }

  private int precommitsFor(int r, Hash id) {
    VoteSet s = precommits.get(r);
    return s == null ? 0 : s.count(id);
  }

  /** Applies the "upon" rules until none fires. */
  private void evaluate() {
    int q = validators.quorum();
    boolean fired = true;
    while (fired && !decided) {
      fired = false;
      // Lines 49-54: decide, for a proposal of any round with 2f+1 precommits for it.
      for (List<Proposal> ps : proposals.values()) {
        for (Proposal p : ps) {
          if (precommitsFor(p.round(), p.valueId()) >= q && valid(p)) {
            decide(p);
            return;
          }
        }
      }
      // Lines 55-56: f+1 validators are in a later round: skip to it.
      for (Map.Entry<Integer, Set<Integer>> e : sendersByRound.entrySet()) {
        if (e.getKey() > round && e.getValue().size() >= validators.maxFaulty() + 1) {
          startRound(e.getKey());
          return;
        }
      }
      List<Proposal> current = proposalsAt(round);
      if (phase == Phase.PROPOSE && prevoteOnProposal(current, q)) {
        fired = true;
        continue;
      }
      VoteSet pv = prevotes.get(round);
      if (phase == Phase.PREVOTE && pv != null && pv.total() >= q && prevoteTimeoutScheduled.add(round)) {
        // Lines 34-35.
        out.schedule(new Timeout(Timeout.Kind.PREVOTE, height, round, timeouts.delay(Timeout.Kind.PREVOTE, round)));
      }
      Proposal p = lockCandidate(current, q);
      if (p != null && phase != Phase.PROPOSE && lockRuleFired.add(round)) {
        // Lines 36-43. The valid value is set before the precommit leaves (the paper sets it
        // after, within the same atomic step) so the state saved with the precommit keeps
        // lockedRound <= validRound: a validator restarted from it can re-propose its lock.
        validValue = p.value();
        validRound = round;
        if (phase == Phase.PREVOTE) {
          lockedValue = p.value();
          lockedRound = round;
          phase = Phase.PRECOMMIT;
          vote(Step.PRECOMMIT, p.valueId());
        }
        fired = true;
        continue;
      }
      if (phase == Phase.PREVOTE && prevotesFor(round, Vote.NIL) >= q) {
        // Lines 44-46.
        phase = Phase.PRECOMMIT;
        vote(Step.PRECOMMIT, Vote.NIL);
        fired = true;
        continue;
      }
      VoteSet pc = precommits.get(round);
      if (pc != null && pc.total() >= q && precommitTimeoutScheduled.add(round)) {
        // Lines 47-48.
        out.schedule(new Timeout(Timeout.Kind.PRECOMMIT, height, round, timeouts.delay(Timeout.Kind.PRECOMMIT, round)));
      }
    }
  }

  /**
   * Lines 22-33 for the first of this round's proposals that enables one of them. Timeliness is
   * asked only of a fresh proposal (line 22): a re-proposal carries a value 2f+1 validators
   * already prevoted, whatever this node's clock says of its time.
   */
  private boolean prevoteOnProposal(List<Proposal> current, int q) {
    for (Proposal p : current) {
      if (p.validRound() == -1) {
        // Lines 22-27.
        boolean ok = valid(p) && app.isTimely(height, p.value()) && lockAllowsPrevote(p, lockedRound, lockedId());
        phase = Phase.PREVOTE;
        vote(Step.PREVOTE, ok ? p.valueId() : Vote.NIL);
        return true;
      }
      if (p.validRound() < round && prevotesFor(p.validRound(), p.valueId()) >= q) {
        // Lines 28-33.
        boolean ok = valid(p) && lockAllowsPrevote(p, lockedRound, lockedId());
        phase = Phase.PREVOTE;
        vote(Step.PREVOTE, ok ? p.valueId() : Vote.NIL);
        return true;
      }
    }
    return false;
  }

  private Hash lockedId() {
    return lockedValue == null ? null : app.idOf(lockedValue);
  }

  /**
   * Whether this validator's lock lets it prevote for {@code p}: it is not locked, or locked on
   * p's value, or, for a re-proposal whose 2f+1 prevotes it holds, locked no later than p's
   * validRound (Algorithm 1 lines 23 and 29). Overridden only by the simulator's deliberately
   * broken engines (test code), never by a validator.
   *
   * @param lockedId the id of the locked value; null when {@code lockedRound} is -1
   */
  protected boolean lockAllowsPrevote(Proposal p, int lockedRound, Hash lockedId) {
    if (lockedRound == -1 || p.valueId().equals(lockedId)) {
      return true;
    }
    return p.validRound() >= 0 && lockedRound <= p.validRound();
  }

  /** Line 36's proposal: one of this round's with 2f+1 prevotes for it, and valid. */
  private Proposal lockCandidate(List<Proposal> current, int q) {
    for (Proposal p : current) {
      if (prevotesFor(round, p.valueId()) >= q && valid(p)) {
        return p;
      }
    }
    return null;
  }

  private void decide(Proposal p) {
    decided = true;
    List<CommitSeal> seals = new ArrayList<>();
    for (Vote v : precommits.get(p.round()).votesFor(p.valueId())) {
      seals.add(new CommitSeal(validators.id(v.sender()), v.signature()));
    }
    long h = height;
    app.commit(h, p.round(), p.value(), p.valueId(), new CommitCertificate(p.round(), seals));
    start(h + 1);
  }

  @Override
  public void onTimeout(Timeout t) {
    if (halted) {
      return;
    }
    if (t.kind() == Timeout.Kind.RETRANSMIT) {
      if (t.height() == height && !decided) {
        for (ConsensusMessage m : known) {
          // Own messages always (their senders' retransmission is what gossip relies on);
          // others' only for this round and the last: relaying every round a Byzantine
          // validator signed for would multiply its flood n-fold.
          if (m.sender() == self || (m.round() <= round && matters(m.round()))) {
            out.broadcast(m);
          }
        }
        out.schedule(new Timeout(Timeout.Kind.RETRANSMIT, height, round, timeouts.baseMillis()));
      }
      return;
    }
    if (t.height() != height || t.round() != round || decided) {
      return;
    }
    switch (t.kind()) {
      case PROPOSE -> {
        // Lines 57-60.
        if (phase == Phase.PROPOSE) {
          phase = Phase.PREVOTE;
          vote(Step.PREVOTE, Vote.NIL);
          evaluate();
        }
      }
      case PREVOTE -> {
        // Lines 61-64.
        if (phase == Phase.PREVOTE) {
          phase = Phase.PRECOMMIT;
          vote(Step.PRECOMMIT, Vote.NIL);
          evaluate();
        }
      }
      case PRECOMMIT -> startRound(round + 1); // Lines 65-67.
      case RETRANSMIT -> { }
    }
  }
}
