package org.medledger.consensus;

import org.medledger.consensus.message.ConsensusMessage;

/** Proof that a validator equivocated: two different signed messages for one (height, round, kind). */
public record Evidence(int validator, ConsensusMessage first, ConsensusMessage second) {}
