package org.medledger.apps.safety.node.readings;

import java.util.Map;
import java.util.Optional;
import org.medledger.apps.safety.contract.readings.ReadingBatch;
import org.medledger.core.membership.Membership;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.crypto.Hash;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.SenderMembershipProofs;

/** Builds the receipt of one reading from the gateway's batch archive and the ledger's proof of its anchoring. */
final class ReadingReceipts {
  private final ReadingGateway gateway;
  private final BatchArchive archive;
  private final Ledger ledger;
  private final Membership membership;
  private final String organisation;

  ReadingReceipts(ReadingGateway gateway, BatchArchive archive, Ledger ledger, Membership membership, String organisation) {
    this.gateway = gateway;
    this.archive = archive;
    this.ledger = ledger;
    this.membership = membership;
    this.organisation = organisation;
  }

  /** Where a reading stands at this gateway. */
  sealed interface Status {}

  record Unknown() implements Status {}

  /** Taken, its root not yet committed; {@code batchId} null while the reading waits for its batch to be sealed. */
  record Pending(String batchId) implements Status {}

  record Receipt(Map<String, Object> document) implements Status {}

  Status of(String udi, long sequence) {
    Optional<BatchArchive.Location> at = archive.locate(udi, sequence);
    if (at.isEmpty()) {
      // Taken but not yet in a batch file: the device was told it is accepted, so it is pending, not unknown.
      return gateway.awaitsBatch(udi, sequence) ? new Pending(null) : new Unknown();
    }
    String batchId = at.get().batchId();
    Optional<Hash> anchorTx = archive.anchor(batchId);
    if (anchorTx.isEmpty()) {
      return new Pending(batchId);
    }
    var committed = ledger.transaction(anchorTx.get());
    var proof = ledger.inclusionProof(anchorTx.get());
    if (committed.isEmpty() || proof.isEmpty()) {
      return new Pending(batchId);
    }
    ReadingBatch batch = archive.batch(batchId);
    int index = at.get().index();
    var p = proof.get();
    byte[] sender = SenderSignature.certificateOf(membership, ledger.state(), committed.get().transaction()).orElse(null);
    Map<String, Object> anchor = ReceiptDocuments.transactionReceipt(committed.get().transaction(), p.leafIndex(), p.treeSize(),
        p.auditPath(), committed.get().outcome(), p.header(), ledger.hashFunction(), sender,
        new SenderMembershipProofs(ledger).forReceipt(committed.get(), sender), ledger.validatorTransitions(p.header().header().height()));
    return new Receipt(ReadingReceipt.render(organisation, batchId, batch.readings().get(index), index, batch.size(),
        batch.inclusionProof(index), anchor));
  }
}
