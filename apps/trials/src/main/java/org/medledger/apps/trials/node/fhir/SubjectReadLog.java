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
}
