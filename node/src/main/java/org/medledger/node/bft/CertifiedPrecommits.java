package org.medledger.node.bft;

import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.core.evidence.Equivocation;
import org.medledger.crypto.Hash;

/**
 * The precommits in the last few certificates this node committed, to convict a validator whose
 * later precommit for the same height and round says otherwise. The engine has left those heights
 * and ignores their messages, so without this a validator could precommit one block to some
 * validators and nil (or another block) to the rest unseen, as long as the second message arrived
 * late. Used on the consensus thread only.
 */
final class CertifiedPrecommits {
  static final int HEIGHTS = 8;

  private record Certified(Hash blockHash, CommitCertificate certificate) {}

  private final NavigableMap<Long, Certified> recent = new TreeMap<>();
  private final LedgerValidatorSchedule validators;
  private final String signingChainId;

  CertifiedPrecommits(LedgerValidatorSchedule validators, String signingChainId) {
    this.validators = validators;
    this.signingChainId = signingChainId;
  }

  void committed(long height, Hash blockHash, CommitCertificate certificate) {
    recent.put(height, new Certified(blockHash, certificate));
    while (recent.size() > HEIGHTS) {
      recent.pollFirstEntry();
    }
  }

  /**
   * Evidence when {@code m} is a precommit, validly signed, for a recent height and its
   * certificate's round, for anything but the certified block, from a validator whose seal is in
   * that certificate: the seal and {@code m} are two signed messages for one step.
   */
  Optional<Equivocation> convict(ConsensusMessage m) {
    if (!(m instanceof Vote v) || v.step() != Step.PRECOMMIT) {
      return Optional.empty();
    }
    // The sender is an index into the set in force at the vote's height.
    List<Hash> validatorIds = validators.idsAt(v.height());
    if (v.sender() < 0 || v.sender() >= validatorIds.size()) {
      return Optional.empty();
    }
    Certified c = recent.get(v.height());
    if (c == null || c.certificate().round() != v.round() || c.blockHash().equals(v.valueId())) {
      return Optional.empty();
    }
    Hash signer = validatorIds.get(v.sender());
    for (CommitSeal seal : c.certificate().seals()) {
      if (seal.validator().equals(signer)) {
        if (!validators.at(v.height()).verify(v.sender(), v.signedBytes(signingChainId), v.signature())) {
          return Optional.empty();
        }
        SignedConsensusMessage sealed = new SignedConsensusMessage(ConsensusStep.PRECOMMIT, v.height(), v.round(),
            c.blockHash(), -1, seal.signature());
        return Optional.of(new Equivocation(signer, sealed, v.signed()));
      }
    }
    return Optional.empty();
  }
}
