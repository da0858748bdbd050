package org.medledger.apps.notary.node;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * Anchors fingerprints on behalf of the node's own organisation's users (a hospital's systems
 * call REST, not the SDK): the node signs with its certificate, so the anchor's owner is the
 * node's organisation. Users who hold their own keys submit signed transactions instead.
 */
public final class NotaryService {
  private final Ledger ledger;
  private final Admission admission;
  private final CommitWaiters waiters;
  private final Signer nodeSigner;
  private final Hash nodeCertificateId;
  private final Clock clock;
  private final SecureRandom nonces = new SecureRandom();

  public NotaryService(Ledger ledger, Admission admission, CommitWaiters waiters, Signer nodeSigner,
      Hash nodeCertificateId, Clock clock) {
    this.ledger = ledger;
    this.admission = admission;
    this.waiters = waiters;
    this.nodeSigner = nodeSigner;
    this.nodeCertificateId = nodeCertificateId;
    this.clock = clock;
  }

  /** Submits an anchor; the future completes when it is committed. */
  public Submitted anchor(String fingerprint, String documentType) {
    Transaction tx = new Transaction.Payload(ledger.genesis().suite(), ledger.genesis().chainId(), nodeCertificateId,
        nonces.nextLong(), clock.millis(), NotaryContract.NAME, NotaryContract.ANCHOR,
        Args.of("hash", fingerprint, "type", documentType)).sign(nodeSigner);
    Hash id = tx.id(ledger.hashFunction());
    CompletableFuture<CommitWaiters.Committed> committed = waiters.await(id);
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused) {
      waiters.forget(id);
    }
    return new Submitted(id, r, committed);
  }

  public record Submitted(Hash txId, AdmissionResult admission, CompletableFuture<CommitWaiters.Committed> committed) {}

  public Optional<SortedMap<String, String>> lookup(String fingerprint) throws ContractException {
    return lookup(fingerprint, Optional.empty());
  }

  /**
   * The earliest anchor of a fingerprint (or {@code owner}'s own), with every organisation that
   * anchored it: each organisation's anchor is its own record (issue 22, finding 11).
   */
  public Optional<SortedMap<String, String>> lookup(String fingerprint, Optional<String> owner) throws ContractException {
    try {
      return Optional.of(new NotaryContract().query(ledger.state(), NotaryContract.LOOKUP,
          owner.map(o -> Args.of("hash", fingerprint, "owner", o)).orElse(Args.of("hash", fingerprint))));
    } catch (ContractException e) {
      if ("not_found".equals(e.code())) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
