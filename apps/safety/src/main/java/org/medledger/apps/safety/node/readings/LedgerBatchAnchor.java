package org.medledger.apps.safety.node.readings;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.medledger.apps.safety.contract.readings.DeviceReadingsContract;
import org.medledger.apps.safety.contract.readings.ReadingBatch;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.application.NodeIdentity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/** Anchors a batch with a {@code readings.anchor} transaction the node signs: the gateway's organisation is the node's. */
final class LedgerBatchAnchor implements BatchAnchor {
  private final Ledger ledger;
  private final Admission admission;
  private final CommitWaiters commits;
  private final NodeIdentity node;
  private final Clock clock;
  private final SecureRandom nonces = new SecureRandom();

  LedgerBatchAnchor(Ledger ledger, Admission admission, CommitWaiters commits, NodeIdentity node, Clock clock) {
    this.ledger = ledger;
    this.admission = admission;
    this.commits = commits;
    this.node = node;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Anchored> anchor(String batchId, ReadingBatch batch) {
    Transaction tx = new Transaction.Payload(ledger.genesis().suite(), ledger.genesis().chainId(), node.certificateId(),
        nonces.nextLong(), clock.millis(), DeviceReadingsContract.NAME, DeviceReadingsContract.ANCHOR,
        Args.of("batch", batchId, "root", batch.root().hex(), "count", Integer.toString(batch.size()), "devices",
            batch.deviceSetDigest().hex())).sign(node.signer());
    Hash id = tx.id(ledger.hashFunction());
    CompletableFuture<CommitWaiters.Committed> committed = commits.await(id);
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused refused) {
      commits.forget(id);
      return CompletableFuture.completedFuture(new Anchored(id, 0, false, refused.rejection().code().wireName(),
          "the node refused the anchoring transaction: " + refused.rejection().message()));
    }
    return committed.thenApply(c -> new Anchored(id, c.height(), c.outcome().success(), c.outcome().code(), c.outcome().message()));
  }
}
