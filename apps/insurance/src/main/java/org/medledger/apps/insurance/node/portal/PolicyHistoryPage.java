package org.medledger.apps.insurance.node.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyChange;
import org.medledger.apps.insurance.node.InsuranceAccess;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;

/**
 * A policy's history (issue 15, item 1: "every change is in the policy's history, with
 * receipts"): each change (issued, transferred, renewed, cancelled) with its block, its time, who
 * made it and, for those who may see the policy whole, a receipt of the change's transaction that
 * the member's browser verifies against the genesis (the transaction and its outcome in the log
 * the header signs, a quorum's seals, the sender's signature). The insurer's members and the
 * insured or holder patient see it whole; a regulator its metadata (no details, which name the
 * patients, and no receipts, which carry them); anyone else nothing, as if there were no policy.
 */
public final class PolicyHistoryPage {
  static final String PATH = InsurancePortal.ROOT + "/policy";
  static final String RECEIPT = InsurancePortal.ROOT + "/policy/receipt";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One change as a row; {@code detail} and {@code receipt} empty in a metadata view. */
  public record ChangeRow(int number, String kind, long height, String when, String by, String transaction, String detail,
      String receipt) {}

  /** The page's content. */
  public record View(PolicyRow policy, String holder, boolean metadataOnly, List<ChangeRow> changes) {}

  private final InsurancePortal portal;

  PolicyHistoryPage(InsurancePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.download(RECEIPT, PortalPages.Access.MEMBER, this::receipt);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = member.orElseThrow();
    Hash id = InsurancePortal.id(ctx, "id");
    StateReader state = portal.ledger.state();
    Policy p = visible(state, who, id);
    boolean full = portal.access.policy(state, who, p) == InsuranceAccess.View.FULL;
    List<ChangeRow> changes = new ArrayList<>();
    List<PolicyChange> history = InsuranceReads.history(state, id);
    for (int i = 0; i < history.size(); i++) {
      PolicyChange c = history.get(i);
      changes.add(new ChangeRow(i + 1, c.kind(), c.height(), InsurancePortal.time(c.timestamp()), c.organisation(),
          c.transaction().hex(), full ? c.detail() : "",
          full ? RECEIPT + "?policy=" + id.hex() + "&change=" + (i + 1) : ""));
    }
    return new PortalPage("Policy " + id.hex().substring(0, 12), portal.templates.content("insurance/policy.jte",
        new View(PolicyRow.of(p), full ? p.holder().hex() : "", !full, changes)));
  }

  /**
   * The transaction receipt of change {@code change} (1 for the issue) of a policy the member may see whole: the
   * same document as {@code GET /v1/receipts/tx/{txId}}, so {@code medledger verify} checks it offline too.
   */
  private PortalDownload receipt(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = member.orElseThrow();
    Hash id = InsurancePortal.id(ctx, "policy");
    Ledger ledger = portal.ledger;
    StateReader state = ledger.state();
    Policy p = visible(state, who, id);
    if (portal.access.policy(state, who, p) != InsuranceAccess.View.FULL) {
      throw new PortalRefusal(403, "A change's receipt carries the patient's id: the insurer's members and the patient"
          + " take it, a regulator sees the history's metadata.");
    }
    List<PolicyChange> history = InsuranceReads.history(state, id);
    int n = changeNumber(ctx.queryParam("change"), history.size());
    Hash tx = history.get(n - 1).transaction();
    var committed = ledger.transaction(tx);
    var proof = ledger.inclusionProof(tx);
    if (committed.isEmpty() || proof.isEmpty()) {
      throw new PortalRefusal(404, "This node has no transaction " + tx.hex() + " of change " + n + ".");
    }
    var pr = proof.get();
    var ct = committed.get();
    byte[] sender = SenderSignature.certificateOf(portal.membership, state, ct.transaction()).orElse(null);
    return new PortalDownload("application/json", null, JSON.writeValueAsBytes(ReceiptDocuments.transactionReceipt(
        ct.transaction(), pr.leafIndex(), pr.treeSize(), pr.auditPath(), ct.outcome(), pr.header(), ledger.hashFunction(),
        sender, new org.medledger.node.ledger.SenderMembershipProofs(ledger).forReceipt(ct, sender),
        ledger.validatorTransitions(pr.header().header().height()))));
  }

  /** The policy, if this member may see it at all; another's and none read alike. */
  private Policy visible(StateReader state, Identity who, Hash id) {
    Optional<Policy> p = InsuranceReads.policy(state, id);
    if (p.isEmpty() || portal.access.policy(state, who, p.get()) == InsuranceAccess.View.NONE) {
      throw new PortalRefusal(404, "There is no policy " + id.hex() + " that you may see.");
    }
    return p.get();
  }

  private static int changeNumber(String text, int changes) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("say which change: the 'change' parameter (1 for the issue) is missing");
    }
    int n;
    try {
      n = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > changes) {
      throw new IllegalArgumentException("change: '" + (text.length() > 12 ? text.substring(0, 12) + "…" : text)
          + "' is not a change of this policy (1 to " + changes + ")");
    }
    return n;
  }
}
