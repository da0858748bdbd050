package org.medledger.consensus.twins;

import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.ValidatorSet;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * The engine every instance of a Twins run executes: the node's own, or one with a safety rule
 * deliberately broken so the harness can prove it finds the bug (the three of Bano et al.'s
 * injected-bug experiment, §6). The broken ones exist only here, in the test tree.
 */
enum EngineVariant {
  /** The node's engine, unchanged. */
  CORRECT,
  /** Prevotes any valid fresh proposal whatever it is locked on (Algorithm 1 line 23's lock clause dropped). */
  IGNORES_LOCK,
  /**
   * Treats its lock as released as soon as it is in a later round, without having seen a proof of
   * lock (2f+1 prevotes of a later round) for anything else: the guard earlier Tendermint put on
   * unlocking, missing.
   */
  UNLOCKS_WITHOUT_PROOF_OF_LOCK,
  /**
   * The node's engine, but what it saves before each vote leaves out its lock (locked value and
   * round): after a restart it has forgotten what it was locked on.
   */
  LOCK_NOT_PERSISTED;

  TendermintEngine create(String chainId, int self, ValidatorSet validators, Signer signer, ConsensusApplication app,
      ConsensusOutbox out, TimeoutPolicy timeouts) {
    return switch (this) {
      case CORRECT, LOCK_NOT_PERSISTED -> new TendermintEngine(chainId, self, validators, signer, app, out, timeouts);
      case IGNORES_LOCK -> new TendermintEngine(chainId, self, validators, signer, app, out, timeouts) {
        @Override
        protected boolean lockAllowsPrevote(Proposal p, int lockedRound, Hash lockedId) {
          return p.validRound() == -1 || super.lockAllowsPrevote(p, lockedRound, lockedId);
        }
      };
      case UNLOCKS_WITHOUT_PROOF_OF_LOCK -> new TendermintEngine(chainId, self, validators, signer, app, out, timeouts) {
        @Override
        protected boolean lockAllowsPrevote(Proposal p, int lockedRound, Hash lockedId) {
          return lockedRound < round() || super.lockAllowsPrevote(p, lockedRound, lockedId);
        }
      };
    };
  }

  /** What this variant writes to disk when the engine asks it to save {@code state}. */
  EngineState saved(EngineState state) {
    if (this != LOCK_NOT_PERSISTED) {
      return state;
    }
    return new EngineState(state.height(), state.round(), state.step(), null, -1, state.validValue(), state.validRound(),
        state.own());
  }
}
