package org.medledger.core.receipt;

import org.medledger.core.block.SignedHeader;
import org.medledger.crypto.smt.StateProof;

/**
 * A receipt's proof that its sender's organisation was a member (docs/format.md, "Sender
 * membership"): the state proof of the ledger's list of member organisations after the block
 * that includes the transaction, with that block's signed header. A verifier holding only the
 * genesis checks the header's seals against the set its validator-set walk has in force there,
 * then trusts the proven list's CAs for the sender's certificate.
 */
public record SenderMembership(SignedHeader header, StateProof proof) {}
