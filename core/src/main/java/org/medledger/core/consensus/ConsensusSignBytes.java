package org.medledger.core.consensus;

import org.medledger.core.block.CommitCertificate;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * What a validator signs for each consensus message (docs/format.md, "Consensus messages"). In
 * core so that the engine (module consensus) and every node checking evidence of equivocation (a
 * contract, which may not depend on consensus) compute the same bytes. These bytes are under
 * every stored commit certificate: they must never change.
 */
public final class ConsensusSignBytes {
  private static final String PROPOSAL_DOMAIN = "medledger/proposal/v1";
  private static final String VOTE_DOMAIN = "medledger/vote/v1";
  /** The nil value id: all zeros. */
  public static final Hash NIL = Hash.ZERO;

  private ConsensusSignBytes() {}

  /**
   * PROPOSAL(h, r, v, vr): {@code string "medledger/proposal/v1" ‖ string signingChainId ‖ u64
   * height ‖ u32 round ‖ hash valueId ‖ u32 validRound} (validRound −1 as 0xffffffff).
   */
  public static byte[] proposal(String signingChainId, long height, int round, Hash valueId, int validRound) {
    return new CanonicalWriter(128).string(PROPOSAL_DOMAIN).string(signingChainId).u64(height).u32(round)
        .fixed(valueId.unsafeBytes(), Hash.LENGTH).u32(validRound).toByteArray();
  }

  /**
   * PREVOTE or PRECOMMIT(h, r, id): a precommit for a value signs exactly the block's commit
   * message ({@link CommitCertificate#commitMessage}), so a quorum of them is the block's commit
   * certificate; any other vote signs {@code string "medledger/vote/v1" ‖ string signingChainId ‖
   * u8 step (0 prevote, 1 precommit) ‖ u64 height ‖ u32 round ‖ hash valueId}.
   */
  public static byte[] vote(String signingChainId, ConsensusStep step, long height, int round, Hash valueId) {
    if (step == ConsensusStep.PROPOSAL) {
      throw new IllegalArgumentException("a proposal is not a vote: use ConsensusSignBytes.proposal");
    }
    if (step == ConsensusStep.PRECOMMIT && !NIL.equals(valueId)) {
      return CommitCertificate.commitMessage(signingChainId, height, round, valueId);
    }
    return new CanonicalWriter(128).string(VOTE_DOMAIN).string(signingChainId).u8(step == ConsensusStep.PREVOTE ? 0 : 1)
        .u64(height).u32(round).fixed(valueId.unsafeBytes(), Hash.LENGTH).toByteArray();
  }
}
