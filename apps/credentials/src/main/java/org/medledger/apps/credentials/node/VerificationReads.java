package org.medledger.apps.credentials.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.apps.credentials.contract.PrimarySourceVerification;
import org.medledger.apps.credentials.contract.Verifications;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.api.ApiError;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * The point of read of a primary-source verification (issue 16 item 5): the custodian's node
 * judges the reader against the ledger's consent as committed now, logs the read on the ledger
 * ({@code credentials.verificationRead}, served or refused) and waits for that commit before it
 * answers, as records' policy point does: a refused read is audited too, and when the log cannot
 * be committed nothing is shown. The answer says whether the verification is past its authority's
 * maximum age ({@code renewal-due}) by this node's clock.
 */
public final class VerificationReads {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Ledger ledger;
  private final NodeTransactions transactions;
  private final VerificationStore store;
  private final Clock clock;
  private final String nodeOrganisation;

  VerificationReads(Ledger ledger, NodeTransactions transactions, VerificationStore store, Clock clock,
      String nodeOrganisation) {
    this.ledger = ledger;
    this.transactions = transactions;
    this.store = store;
    this.clock = clock;
    this.nodeOrganisation = nodeOrganisation;
  }

  /**
   * What a read answered.
   *
   * @param document the kept document's JCS bytes; empty when refused
   * @param refusal why it was refused; empty when served
   * @param auditTx the transaction that logged the read
   */
  public record Answer(PrimarySourceVerification entry, Optional<byte[]> document, Optional<String> refusal,
      boolean renewalDue, long nextScheduled, boolean credentialRevoked, String auditTx) {
    public boolean served() {
      return refusal.isEmpty();
    }

    /**
     * Where it stands: {@code val-fail} when the licence behind it is revoked or a source failed
     * (the document says so), else {@code renewal-due} past the maximum age, else the document's
     * own status ({@code validated}).
     */
    public String status() {
      String own = document.map(VerificationReads::documentStatus).orElse("");
      if (credentialRevoked || "val-fail".equals(own)) {
        return "val-fail";
      }
      return renewalDue ? "renewal-due" : own;
    }

    /** The ledger's side of the answer, without the document. */
    public Map<String, Object> view() {
      Map<String, Object> m = new LinkedHashMap<>(entry.toMap());
      m.put("renewalDue", renewalDue);
      m.put("status", status());
      m.put("nextScheduled", nextScheduled);
      m.put("audit", auditTx);
      return m;
    }
  }

  /** The recorded verification, ApiError 404 when the ledger has none or another node keeps it. */
  PrimarySourceVerification entry(StateReader state, Hash id) {
    PrimarySourceVerification v = Verifications.find(state, id).orElseThrow(() -> ApiError.notFound(
        "no verification " + id.hex() + " is recorded (a changed document has another hash)"));
    if (!v.custodian().equals(nodeOrganisation)) {
      throw ApiError.notFound("verification " + id.hex() + " is kept by " + v.custodian() + "'s node, not "
          + nodeOrganisation + "'s: ask that node");
    }
    return v;
  }

  /** Judges, logs and answers one read; ApiError 404 (unknown, kept elsewhere) or 503 (the log not committed). */
  public Answer read(Caller reader, Hash id) {
    StateReader state = ledger.state();
    PrimarySourceVerification v = entry(state, id);
    Verifications.erasure(state, id).ifPresent(e -> {
      store.delete(id); // again, should this node have missed the commit that asked for it
      throw new ApiError(410, "erased", "verification " + id.hex() + " was erased at height " + e.height()
          + " at the request of " + e.by().hex() + ": its entry and hash stay on the ledger, its document is gone");
    });
    long now = clock.millis();
    Optional<String> refusal = Verifications.refusal(v, reader.certificateId(), reader.organisation(),
        Verifications.consent(state, id, reader.organisation()), now);
    Optional<byte[]> document = Optional.empty();
    if (refusal.isEmpty()) {
      try {
        document = store.get(id);
      } catch (IllegalStateException e) {
        throw new ApiError(500, "document_altered", e.getMessage());
      }
      if (document.isEmpty()) {
        throw ApiError.notFound("verification " + id.hex() + " is recorded but this node no longer keeps its document"
            + " (erased)");
      }
    }
    String audit = log(id, reader, refusal.isEmpty());
    long maxAge = Verifications.maxAgeMillis(state, v.issuer());
    boolean revoked = CredentialsContract.find(state, v.issuer(), v.licence())
        .map(c -> c.status() == CredentialStatus.REVOKED).orElse(false);
    return new Answer(v, document, refusal, v.renewalDueAt(now, maxAge), v.time() + maxAge, revoked, audit);
  }

  static String documentStatus(byte[] json) {
    try {
      return JSON.readTree(json).path("status").asText("");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the kept verification is not JSON: " + e.getMessage(), e);
    }
  }

  private String log(Hash id, Caller reader, boolean served) {
    CommitWaiters.Committed logged;
    try {
      logged = transactions.submitAndWait(transactions.sign(CredentialsContract.NAME, "verificationRead", "verification",
          id.hex(), "reader", reader.certificateId().hex(), "outcome", served ? "served" : "refused"));
    } catch (NodeTransactions.NotCommitted e) {
      throw new ApiError(503, "audit_unavailable", "the read could not be logged on the ledger, so nothing is shown: "
          + e.getMessage());
    }
    if (!logged.outcome().success()) {
      throw new ApiError(503, "audit_unavailable", "the ledger refused to log the read, so nothing is shown: "
          + logged.outcome().code() + ": " + logged.outcome().message());
    }
    return logged.outcome().txId().hex();
  }
}
