package org.medledger.apps.care.node;

import java.util.ArrayList;
import java.util.List;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * Logs a look at a patient's care on the ledger ({@code care.timelineViewed}, the node signing)
 * and waits for its commit: no answer about her care leaves the node unlogged, refused ones
 * included. The timeline, one milestone and the FHIR views of her episodes all log through here.
 */
public final class CareLooks {
  private final NodeTransactions transactions;

  public CareLooks(NodeTransactions transactions) {
    this.transactions = transactions;
  }

  /**
   * @param organisations the hospitals whose entries were shown, comma-separated; empty for a refusal
   * @param more further arguments ({@code milestone}, its id, for a look at one milestone)
   * @return the logging transaction's id
   * @throws ApiError 503 when the look could not be logged: then nothing may be shown
   */
  public String log(Hash patient, Caller viewer, boolean served, String organisations, long entries, String... more) {
    List<String> args = new ArrayList<>(List.of("patient", patient.hex(), "viewer", viewer.certificateId().hex(), "outcome",
        served ? "served" : "refused", "entries", Long.toString(entries)));
    if (!organisations.isEmpty()) {
      args.addAll(List.of("organisations", organisations));
    }
    args.addAll(List.of(more));
    CommitWaiters.Committed logged;
    try {
      logged = transactions.submitAndWait(transactions.sign(CareContract.NAME, CareContract.TIMELINE_VIEWED,
          args.toArray(String[]::new)));
    } catch (NodeTransactions.NotCommitted e) {
      throw new ApiError(503, "audit_unavailable", "the look could not be logged on the ledger, so nothing is shown: "
          + e.getMessage());
    }
    if (!logged.outcome().success()) {
      throw new ApiError(503, "audit_unavailable", "the ledger refused to log the look, so nothing is shown: "
          + logged.outcome().message());
    }
    return logged.outcome().txId().hex();
  }
}
