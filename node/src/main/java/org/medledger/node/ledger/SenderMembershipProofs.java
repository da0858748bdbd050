package org.medledger.node.ledger;

import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.receipt.SenderMembership;
import org.medledger.core.receipt.SenderSignature;

/**
 * What a node adds to a transaction receipt whose sender no genesis CA vouches for (a user of an
 * organisation voted in later): the member organisations the ledger held after the block that
 * includes the transaction, proven under that block's state root (docs/format.md, "Sender
 * membership"), so a verifier holding only the genesis can trust the sender's CA.
 */
public final class SenderMembershipProofs {
  private final Ledger ledger;
  private final SenderSignature senders;

  public SenderMembershipProofs(Ledger ledger) {
    this.ledger = ledger;
    this.senders = new SenderSignature(ledger.genesis());
  }

  /**
   * The proof for {@code ct}'s receipt, or null when its sender's certificate chains to a genesis
   * CA (the receipt then keeps its exact bytes). Throws {@link StatePrunedException} when the
   * including block's state is no longer kept.
   */
  public SenderMembership forReceipt(CommittedTransaction ct, byte[] senderCertificate) {
    if (!senders.needsMembershipProof(ct.transaction(), senderCertificate)) {
      return null;
    }
    long height = ct.height();
    var proof = ledger.stateProof(LedgerOrganisations.fullKey(), height)
        .orElseThrow(() -> new IllegalStateException("block " + height + " of a committed transaction is missing"));
    var header = ledger.signedHeader(height)
        .orElseThrow(() -> new IllegalStateException("block " + height + " of a committed transaction is missing"));
    return new SenderMembership(header, proof);
  }
}
