package org.medledger.consensus.twins;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.ValidatorSchedule;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Vote;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.core.block.CommitCertificate;
import org.medledger.crypto.Hash;

/**
 * One engine instance of a Twins run: the engine (a validator's, or its twin's: same index, same
 * key), an application of short text values, a disk holding its last saved consensus state, and
 * what the checks need to know of what it decided, saw and recorded.
 */
final class TwinsInstance implements ConsensusApplication, ConsensusOutbox {
  private final TwinsRun run;
  final int index;
  final int validator;
  final boolean honest;
  TendermintEngine engine;
  int epoch;
  EngineState saved;
  /** The scenario height's decision (by the engine or by sync), or null. */
  Hash decided;
  int decidedRound = -1;
  CommitCertificate certificate;
  boolean synced;
  /** The highest round its engine reached at height 0. */
  int maxRound;
  int restartedForRound;
  final List<Evidence> evidence = new ArrayList<>();
  /** What reached this engine since its last (re)start: a repeat carries nothing new, so it is not delivered twice. */
  Set<ConsensusMessage> delivered = new HashSet<>();
  /** Per (round, step) of height 0, the first message of each twinned validator delivered at height 0 this epoch. */
  TreeMap<String, ConsensusMessage> firstFromTwinned = new TreeMap<>();
  /** Twinned validators this engine was shown two different signed messages of, for one step, so must have convicted. */
  final Set<Integer> mustConvict = new java.util.TreeSet<>();
  private int proposals;

  TwinsInstance(TwinsRun run, int index, int validator, boolean honest) {
    this.run = run;
    this.index = index;
    this.validator = validator;
    this.honest = honest;
  }

  /** Starts, or restarts from the saved state, as the node does (a new engine, its disk's state). */
  void boot() {
    epoch++;
    delivered = new HashSet<>();
    firstFromTwinned = new TreeMap<>();
    if (run.change == null) {
      engine = run.variant.create(TwinsRun.CHAIN, validator, run.validators, run.keys.signer(validator), this, this,
          TwinsRun.TIMEOUTS);
    } else {
      ValidatorSchedule followed = !honest && run.change.twinnedKeepsOldSet() ? run.change.oldSetKept(run.keys, run.scenario)
          : run.schedule;
      engine = new TendermintEngine(TwinsRun.CHAIN, () -> run.change.keysOf(run.keys, validator), followed, this, this,
          TwinsRun.TIMEOUTS);
    }
    long height = decided == null ? run.height : run.height + 1;
    if (saved != null && saved.height() == height) {
      engine.resume(saved);
    } else {
      engine.start(height);
    }
  }

  @Override
  public byte[] propose(long height, int round) {
    // The twins propose different blocks (their mempools differ), as two nodes with one key would.
    return ("block:" + height + ":" + index + ":" + round + ":" + (proposals++)).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public Hash idOf(byte[] value) {
    return TwinsRun.idOf(value);
  }

  @Override
  public boolean isValid(long height, byte[] value) {
    return new String(value, StandardCharsets.US_ASCII).startsWith("block:" + height + ":");
  }

  @Override
  public boolean hasWork(long height) {
    return height == run.height; // one height is the scenario; later ones stay idle, so the run ends
  }

  @Override
  public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {
    if (height != run.height) {
      run.violation("instance " + run.setup.name(index) + " committed height " + height + " without work");
      return;
    }
    String problem = run.certificateProblem(round, id, certificate);
    if (problem != null && honest) {
      run.violation("CERTIFICATE: honest " + run.setup.name(index) + " committed with " + problem);
    }
    decided = id;
    decidedRound = round;
    this.certificate = certificate;
  }

  @Override
  public void broadcast(ConsensusMessage m) {
    if (run.change != null && !honest && m.height() == run.height && signedByOwnKey(m)) {
      run.twinnedSignedAtHeight++;
    }
    run.broadcast(index, m);
  }

  @Override
  public void schedule(Timeout t) {
    run.timer(index, epoch, t);
  }

  @Override
  public void persist(EngineState state) {
    saved = run.variant.saved(state);
  }

  @Override
  public void evidence(Evidence e) {
    evidence.add(e);
  }

  /** Whether {@code m} is signed with this instance's validator key (not one it relays). */
  private boolean signedByOwnKey(ConsensusMessage m) {
    return run.keys.validatorSetOf(validator).verify(0, m.signedBytes(TwinsRun.CHAIN), m.signature());
  }

  /** Notes a delivery from a twinned validator, to know when this engine must have caught it. */
  void noteFromTwinned(ConsensusMessage m) {
    long height = engine.height();
    String step = (m instanceof Proposal ? "P" : ((Vote) m).step().name()) + m.round();
    if (m.height() != run.height || (height != run.height && height != run.height + 1)) {
      return;
    }
    ConsensusMessage first = firstFromTwinned.get(m.sender() + "/" + step);
    if (first == null) {
      if (height == run.height) {
        firstFromTwinned.put(m.sender() + "/" + step, m);
      }
      return;
    }
    if (!java.util.Arrays.equals(first.signedBytes(TwinsRun.CHAIN), m.signedBytes(TwinsRun.CHAIN))) {
      mustConvict.add(m.sender());
    }
  }
}
