package org.medledger.consensus.sim;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.core.block.CommitCertificate;
import org.medledger.crypto.Hash;

/**
 * One simulated validator: a real engine, an application of {@link SimBlock} values, a ledger
 * (its chain of decided blocks) and a {@link SimDisk} for its saved votes. Honest ones are
 * checked by {@link SignedByHonest}; Byzantine ones run the same engine and the {@link
 * Adversary} rewrites what they send.
 */
final class SimValidator implements ConsensusApplication, ConsensusOutbox {
  private final Simulation sim;
  final int index;
  final Behaviour behaviour;
  final boolean crashes;
  final List<Simulation.Decided> chain = new ArrayList<>();
  final List<ConsensusMessage> sent = new ArrayList<>();
  final SimDisk disk = new SimDisk();
  final SignedByHonest signed;
  /** When this validator's disk fails (-1: never). */
  final long diskFailsAt;
  TendermintEngine engine;
  int epoch;
  boolean down;
  /** False while the engine must not act: down, or following by sync below its saved votes. */
  boolean voting;
  /** Why it refused to start (its saved state unreadable), until the operator's recovery. */
  String refused;
  /** The most blocks its ledger ever held (what the operator knows after a restore from backup). */
  int highestLedger;
  int proposals;

  SimValidator(Simulation sim, int index, Behaviour behaviour, boolean crashes, long diskFailsAt) {
    this.sim = sim;
    this.index = index;
    this.behaviour = behaviour;
    this.crashes = crashes;
    this.diskFailsAt = diskFailsAt;
    this.signed = new SignedByHonest(index, sim::violation);
  }

  boolean honest() {
    return behaviour == Behaviour.HONEST;
  }

  /**
   * Starts as the node does (node/bft/BftOrdering): resumes its saved votes at their height,
   * follows by sync while its ledger is below them, and refuses to start when they are
   * unreadable. Under {@link Rules#followBelowSavedVotes} or {@link
   * Rules#refuseUnreadableState} broken, that case starts afresh instead.
   */
  void boot() {
    epoch++;
    down = false;
    voting = false;
    engine = new TendermintEngine(Simulation.CHAIN, index, sim.validators, sim.keys.signer(index), this, this, new TimeoutPolicy(1_000, 500));
    SimDisk.Found found = disk.load();
    EngineState saved = found instanceof SimDisk.Readable r ? r.state() : null;
    if (found instanceof SimDisk.Unreadable u && sim.rules.refuseUnreadableState()) {
      refused = u.problem();
      sim.refusals++;
      down = true;
      return;
    }
    if (saved != null && saved.height() > chain.size()) {
      if (sim.rules.followBelowSavedVotes()) {
        return; // sync brings the ledger up to the saved votes, then boots again
      }
      saved = null;
    }
    voting = true;
    EngineState resumeFrom = saved != null && saved.height() == chain.size() ? saved : null;
    sim.act(this, () -> {
      if (resumeFrom != null) {
        engine.resume(resumeFrom);
      } else {
        engine.start(chain.size());
      }
    });
  }

  void crash() {
    down = true;
    voting = false;
    epoch++;
  }

  @Override
  public void persist(EngineState state) {
    if (behaviour == Behaviour.AMNESIA) {
      return;
    }
    if (disk.failed) {
      if (sim.rules.saveBeforeSend()) {
        throw new UncheckedIOException(new java.io.IOException("disk full (simulated)"));
      }
      return; // the rule before finding 2: logged, and the message leaves unsaved
    }
    boolean torn = disk.tearNextWrite;
    if (!torn || sim.rnd.nextBoolean()) {
      disk.store(state);
      signed.saved(state);
    }
    if (torn) {
      disk.tearNextWrite = false;
      throw new SimDisk.CrashedMidWrite();
    }
  }

  @Override
  public byte[] propose(long height, int round) {
    String header = (behaviour == Behaviour.INVALID_BLOCKS ? "bad:" : "block:") + height + ":" + index + ":" + round + ":"
        + (proposals++);
    return SimBlock.of(header, "txs of " + index + " at " + sim.now);
  }

  @Override
  public Hash idOf(byte[] value) {
    return SimBlock.idOf(value, !sim.rules.idsCommitToBody());
  }

  @Override
  public boolean isValid(long height, byte[] value) {
    return SimBlock.isValid(height, value);
  }

  @Override
  public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {
    String problem = sim.certificateProblem(height, id, certificate);
    if (problem != null) {
      sim.violation("node " + index + " committed height " + height + " with a bad certificate: " + problem);
    }
    if (!isValid(height, value)) {
      sim.violation("node " + index + " committed an invalid value at height " + height);
    }
    if (height != chain.size()) {
      sim.violation("node " + index + " committed height " + height + " but holds " + chain.size());
      return;
    }
    chain.add(new Simulation.Decided(height, id, value, certificate));
    highestLedger = Math.max(highestLedger, chain.size());
  }

  @Override
  public void broadcast(ConsensusMessage m) {
    if (honest() && m.sender() == index) {
      signed.leaving(m, sim.now);
    }
    if (honest() || behaviour == Behaviour.INVALID_BLOCKS) {
      sent.add(m);
    }
    for (int j = 0; j < sim.n; j++) {
      if (j != index) {
        for (ConsensusMessage variant : sim.adversary.variants(this, m, j)) {
          sim.send(index, j, variant);
        }
      }
    }
  }

  @Override
  public void schedule(Timeout t) {
    sim.timer(index, epoch, t);
  }
}
