package org.medledger.apps.trials.node.fhir;

import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * Logs a read of a participant's ResearchSubject on the ledger ({@code trials.subjectRead}, the
 * node signing) and waits for its commit: no answer about a participant leaves the node unlogged,
 * refused ones included, as records' reads and care's looks.
 */
public final class SubjectReadLog {
  private final NodeTransactions transactions;

  public SubjectReadLog(NodeTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * @return the logging transaction's id
   * @throws FhirProblem 503 when the read could not be logged: then nothing may be shown
   */
  public String log(Hash participant, Caller viewer, boolean served) {
    CommitWaiters.Committed logged;
    try {
      logged = transactions.submitAndWait(transactions.sign(TrialsContract.NAME, TrialsContract.SUBJECT_READ, "participant",
          participant.hex(), "viewer", viewer.certificateId().hex(), "outcome", served ? "served" : "refused"));
    } catch (NodeTransactions.NotCommitted e) {
      throw new FhirProblem(503, "transient", "the read could not be logged on the ledger, so nothing is shown: " + e.getMessage());
    }
    if (!logged.outcome().success()) {
      throw new FhirProblem(503, "transient", "the ledger refused to log the read, so nothing is shown: " + logged.outcome().message());
    }
    return logged.outcome().txId().hex();
  }

  /**
   * Logs a served read of each participant a search answers, all submitted at once and each waited
   * for, so a page of them costs about one block, not one block each.
   *
   * @throws FhirProblem 503 when any could not be logged: then nothing may be shown
   */
  public void logAll(java.util.List<Hash> participants, Caller viewer) {
    java.util.List<java.util.concurrent.CompletableFuture<CommitWaiters.Committed>> pending = new java.util.ArrayList<>();
    try {
      for (Hash participant : participants) {
        pending.add(transactions.submit(transactions.sign(TrialsContract.NAME, TrialsContract.SUBJECT_READ, "participant",
            participant.hex(), "viewer", viewer.certificateId().hex(), "outcome", "served")));
      }
      for (var p : pending) {
        CommitWaiters.Committed logged = NodeTransactions.await(p);
        if (!logged.outcome().success()) {
          throw new FhirProblem(503, "transient", "the ledger refused to log a read, so nothing is shown: " + logged.outcome().message());
        }
      }
    } catch (NodeTransactions.NotCommitted e) {
      throw new FhirProblem(503, "transient", "the reads could not be logged on the ledger, so nothing is shown: " + e.getMessage());
    }
  }
}
