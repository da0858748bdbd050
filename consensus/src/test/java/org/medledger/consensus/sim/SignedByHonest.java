package org.medledger.consensus.sim;

import java.util.function.Consumer;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.consensus.EngineState;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Vote;

/**
 * What one honest validator has signed and sent, across all its crashes and restarts, and what
 * it had made durable: the invariants that no honest validator ever sends two different messages
 * for one step (height, round, proposal / prevote / precommit), and that none of its messages
 * leaves before it is saved. Either, broken, turns an honest validator into an equivocator that
 * the other validators' evidence then blames.
 */
final class SignedByHonest {
  private final int validator;
  private final Consumer<String> violations;
  /** Step → what was sent for it. */
  private final Map<String, String> sent = new TreeMap<>();
  /** Step → what a save held for it. */
  private final Map<String, String> durable = new TreeMap<>();
  private boolean equivocated;
  private boolean sentUnsaved;

  SignedByHonest(int validator, Consumer<String> violations) {
    this.validator = validator;
    this.violations = violations;
  }

  void saved(EngineState state) {
    for (ConsensusMessage m : state.own()) {
      if (m.sender() == validator) { // the rest are others' prevotes proving its lock
        durable.put(step(m), what(m));
      }
    }
  }

  /** Called for each of this validator's own messages as it leaves. */
  void leaving(ConsensusMessage m, long now) {
    String step = step(m);
    String what = what(m);
    if (!what.equals(durable.get(step)) && !sentUnsaved) {
      sentUnsaved = true;
      violations.accept("UNSAVED SEND: validator " + validator + " sent " + m + " at " + now + " ms before saving it");
    }
    String earlier = sent.putIfAbsent(step, what);
    if (earlier != null && !earlier.equals(what) && !equivocated) {
      equivocated = true;
      violations.accept("HONEST EQUIVOCATION: validator " + validator + " sent " + earlier + " then " + what + " for " + step
          + " (at " + now + " ms)");
    }
  }

  private static String step(ConsensusMessage m) {
    String kind = m instanceof Vote v ? v.step().name() : "PROPOSAL";
    return "h" + m.height() + "/r" + m.round() + "/" + kind;
  }

  private static String what(ConsensusMessage m) {
    return m instanceof Proposal p ? p.valueId().hex() + " vr" + p.validRound() : ((Vote) m).valueId().hex();
  }
}
