package org.medledger.consensus.sim;

import java.util.ArrayList;
import java.util.List;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * What Byzantine validators, and a non-validator that can reach the validators, put on the wire
 * instead of (or besides) an honest message. Byzantine validators hold their own keys; the
 * outsider holds a key the genesis does not name.
 */
final class Adversary {
  private final Simulation sim;

  Adversary(Simulation sim) {
    this.sim = sim;
  }

  private Hash idOf(byte[] value) {
    return SimBlock.idOf(value, !sim.rules.idsCommitToBody());
  }

  private Proposal proposal(Signer signer, long height, int round, byte[] value, int validRound, int sender) {
    Hash id = idOf(value);
    return new Proposal(height, round, value, id, validRound, sender,
        signer.sign(Proposal.signedBytes(Simulation.CHAIN, height, round, id, validRound)));
  }

  private static Vote vote(Signer signer, Step step, long height, int round, Hash id, int sender) {
    return new Vote(step, height, round, id, sender, signer.sign(Vote.signedBytes(Simulation.CHAIN, step, height, round, id)));
  }

  /** What validator {@code from} actually sends to {@code to} instead of {@code m}. */
  List<ConsensusMessage> variants(SimValidator from, ConsensusMessage m, int to) {
    Signer signer = sim.keys.signer(from.index);
    switch (from.behaviour) {
      case SILENT:
        return List.of();
      case BAD_SIGNATURES: {
        byte[] sig = m.signature().clone();
        sig[0] ^= 1;
        return List.of(m instanceof Proposal p
            ? new Proposal(p.height(), p.round(), p.value(), p.valueId(), p.validRound(), p.sender(), sig)
            : new Vote(((Vote) m).step(), m.height(), m.round(), ((Vote) m).valueId(), m.sender(), sig));
      }
      case EQUIVOCATE: {
        if (to % 2 == 0) {
          return List.of(m);
        }
        if (m instanceof Proposal p) {
          byte[] alt = SimBlock.of("block:" + p.height() + ":" + from.index + ":" + p.round() + ":alt" + to, "txs");
          return List.of(proposal(signer, p.height(), p.round(), alt, -1, p.sender()));
        }
        Vote v = (Vote) m;
        Hash other = v.isNil() ? idOf(SimBlock.of("block:" + v.height() + ":ghost", "txs")) : Vote.NIL;
        return List.of(vote(signer, v.step(), v.height(), v.round(), other, v.sender()));
      }
      case COLLUDE: {
        if (to % 2 == 0) {
          return List.of(m);
        }
        byte[] alt = SimBlock.of("block:" + m.height() + ":alt:" + m.round(), "txs");
        if (m instanceof Proposal p) {
          return List.of(proposal(signer, p.height(), p.round(), alt, -1, p.sender()));
        }
        Vote v = (Vote) m;
        return List.of(vote(signer, v.step(), v.height(), v.round(), idOf(alt), v.sender()));
      }
      case FAKE_VALID_ROUND: {
        if (m instanceof Proposal p && p.round() > 0) {
          return List.of(proposal(signer, p.height(), p.round(), p.value(), p.round() - 1, p.sender()));
        }
        return List.of(m);
      }
      case FLOOD: {
        List<ConsensusMessage> out = new ArrayList<>();
        out.add(m);
        for (int k = 0; k < 3; k++) {
          Hash id = idOf(SimBlock.of("block:" + m.height() + ":flood:" + sim.rnd.nextLong(), "txs"));
          out.add(vote(signer, sim.rnd.nextBoolean() ? Step.PREVOTE : Step.PRECOMMIT, m.height(), m.round(), id, from.index));
        }
        int far = m.round() + 1 + sim.rnd.nextInt(1_000);
        out.add(proposal(signer, m.height(), far, SimBlock.of("block:" + m.height() + ":far:" + far, "txs"), -1, from.index));
        return out;
      }
      case REPLAY_OLD: {
        from.sent.add(m);
        List<ConsensusMessage> out = new ArrayList<>();
        out.add(m);
        if (from.sent.size() > 5 && sim.rnd.nextInt(3) == 0) {
          out.add(from.sent.get(sim.rnd.nextInt(from.sent.size() - 1)));
        }
        return out;
      }
      default:
        return List.of(m);
    }
  }

  /**
   * The relay's copy of a proposal: the genuine header, id and signature over another body. Under
   * the correct rule its id no longer matches what the proposer signed.
   */
  static Proposal withSwappedBody(Proposal p) {
    return new Proposal(p.height(), p.round(), SimBlock.withSwappedBody(p.value()), p.valueId(), p.validRound(), p.sender(),
        p.signature());
  }

  /**
   * What a non-validator (a key the genesis does not name) sends alongside {@code m}: messages
   * signed with its own key, as itself (an index past the validators), as the validator that
   * wrote {@code m}, and as the receiver; a vote for {@code m}'s value and a proposal of its own.
   */
  List<ConsensusMessage> outsider(ConsensusMessage m, int to) {
    Signer outsider = sim.keys.signer(sim.n);
    byte[] value = SimBlock.of("block:" + m.height() + ":outsider:" + m.round(), "txs");
    Hash id = m instanceof Vote v && !v.isNil() ? v.valueId() : idOf(value);
    int proposer = sim.validators.proposer(m.height(), m.round());
    return List.of(
        vote(outsider, Step.PREVOTE, m.height(), m.round(), id, sim.n),
        vote(outsider, Step.PRECOMMIT, m.height(), m.round(), id, m.sender()),
        vote(outsider, Step.PRECOMMIT, m.height(), m.round(), id, to),
        vote(outsider, Step.PREVOTE, m.height(), m.round() + 1, id, Integer.MAX_VALUE),
        proposal(outsider, m.height(), m.round(), value, -1, proposer),
        proposal(outsider, m.height(), m.round(), value, -1, sim.n));
  }
}
