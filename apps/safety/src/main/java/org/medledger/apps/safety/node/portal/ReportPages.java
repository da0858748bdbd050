package org.medledger.apps.safety.node.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.contract.events.CaseHead;
import org.medledger.apps.safety.contract.events.Outcome;
import org.medledger.apps.safety.contract.events.ReactionTerm;
import org.medledger.apps.safety.contract.events.Seriousness;
import org.medledger.apps.safety.node.events.EventViewer;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The adverse-event report form (FHIR {@code AdverseEvent}'s fields as the {@code adverseEvents}
 * contract takes them: reaction terms from the application's own code list with free text,
 * seriousness, outcome, onset, and the suspect drug by GTIN and lot or device by UDI), for a
 * clinician, a pharmacist and the patient herself; a patient finds her own id filled in. The node
 * checks only what it must to prepare the transaction (each field named when missing); the
 * contract judges the rest (an unknown lot, another patient's name), and its refusal is the page's
 * answer, nothing changed. A committed report links its transaction receipt, which a patient keeps
 * and checks offline ({@code medledger verify}).
 */
public final class ReportPages {
  static final String FORM = SafetyPortal.ROOT + "/report";
  static final String REVIEW = SafetyPortal.ROOT + "/report-review";
  static final String SUBMIT = SafetyPortal.ROOT + "/report-submit";
  static final String RECEIPT = SafetyPortal.ROOT + "/receipt";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_FIELD = 256;

  public record Choice(String code, String display) {}

  public record Form(String csrf, String patient, boolean patientHerself, List<Choice> reactions, List<Choice> seriousness,
      List<Choice> outcomes) {}

  private final SafetyPortal portal;

  ReportPages(SafetyPortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(FORM, PortalPages.Access.MEMBER, this::form);
    ui.form(REVIEW, PortalPages.Access.MEMBER, this::review);
    ui.form(SUBMIT, PortalPages.Access.MEMBER, this::submit);
    ui.download(RECEIPT, PortalPages.Access.MEMBER, this::receipt);
  }

  /** The member, refused unless her role reports adverse events (the contract's reporters). */
  private EventViewer.Viewer reporter(Optional<Identity> member) {
    EventViewer.Viewer v = portal.viewerOf(member);
    if (!SafetyPortal.REPORTERS.contains(v.role())) {
      throw new PortalRefusal(403, "Adverse events are reported by a clinician, a pharmacist or the patient herself; the ledger"
          + " holds you as " + v.role() + " of " + v.organisation() + ".");
    }
    return v;
  }

  private PortalPage form(Context ctx, Optional<Identity> member) {
    EventViewer.Viewer v = reporter(member);
    String own = v.patient().map(Hash::hex).orElse("");
    return new PortalPage("Report an adverse event", portal.templates.content("safety/report.jte", new Form(
        PortalPages.csrfToken(ctx), own, v.patient().isPresent(),
        ReactionTerm.ALL.stream().map(t -> new Choice(t.code(), t.display())).toList(),
        Arrays.stream(Seriousness.values()).map(s -> new Choice(s.code(), s.display())).toList(),
        Arrays.stream(Outcome.values()).map(o -> new Choice(o.code(), o.display())).toList())));
  }

  private PortalPage review(Context ctx, Optional<Identity> member) {
    reporter(member);
    Identity who = member.orElseThrow();
    String patient = field(ctx, "patient");
    if (!patient.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("patient: a patient id is 64 lower-case hex characters, not '" + shortened(patient) + "'");
    }
    List<String> reactions = ctx.formParams("reactions").stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (reactions.isEmpty()) {
      throw new IllegalArgumentException("reactions: tick at least one reaction term (\"other\" with the description for"
          + " what the list lacks)");
    }
    String description = BrowserSignedTransactions.form(ctx, "description");
    String seriousness = field(ctx, "seriousness");
    String outcome = field(ctx, "outcome");
    String onset = field(ctx, "onset");
    String gtin = field(ctx, "gtin");
    String lot = field(ctx, "lot");
    String serial = field(ctx, "serial");
    String udi = field(ctx, "udi");
    boolean drug = !gtin.isEmpty() || !lot.isEmpty() || !serial.isEmpty();
    if (drug == !udi.isEmpty()) {
      throw new IllegalArgumentException("suspect: name either the drug (its GTIN and lot) or the device (its UDI), "
          + (drug ? "not both" : "one of them"));
    }
    if (drug && (gtin.isEmpty() || lot.isEmpty())) {
      throw new IllegalArgumentException("suspect: a drug is named by its GTIN and its lot; the " + (gtin.isEmpty() ? "GTIN" : "lot")
          + " is missing");
    }
    for (String[] f : new String[][] {{"seriousness", seriousness}, {"outcome", outcome}, {"onset", onset}}) {
      if (f[1].isEmpty()) {
        throw new IllegalArgumentException(f[0] + ": missing");
      }
    }
    TreeMap<String, String> args = SafetyPortal.args("patient", patient, "reactions", String.join(",", reactions), "description",
        description, "seriousness", seriousness, "outcome", outcome, "onset", onset, "gtin", gtin, "lot", lot, "serial", serial,
        "udi", udi);
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Patient", patient});
    facts.add(new String[] {"Reactions", String.join(", ", reactions.stream().map(c -> ReactionTerm.find(c)
        .map(ReactionTerm::display).orElse(c + " (not in the list: the ledger will refuse it)")).toList())});
    if (!description.isEmpty()) {
      facts.add(new String[] {"In the reporter's words", description});
    }
    facts.add(new String[] {"Seriousness", Seriousness.LIST.fromCode(seriousness).map(Seriousness::display).orElse(seriousness)});
    facts.add(new String[] {"Outcome", Outcome.LIST.fromCode(outcome).map(Outcome::display).orElse(outcome)});
    facts.add(new String[] {"Onset", onset});
    facts.add(drug ? new String[] {"Suspect drug", "GTIN " + gtin + ", lot " + lot + (serial.isEmpty() ? "" : ", pack " + serial)}
        : new String[] {"Suspect device", "UDI " + udi});
    return portal.signPage(ctx, who, portal.events, "Sign the adverse-event report", SUBMIT, FORM, facts,
        AdverseEventsContract.REPORT, args);
  }

  private PortalPage submit(Context ctx, Optional<Identity> member) throws Exception {
    EventViewer.Viewer v = reporter(member);
    Identity who = member.orElseThrow();
    Transaction tx = portal.events.signedByHer(ctx, who, Set.of(AdverseEventsContract.REPORT), "an adverse-event report");
    BrowserSignedTransactions.Submitted submitted = portal.events.submit(tx, "the report");
    String caseId = tx.id(portal.ledger.hashFunction()).hex();
    List<String[]> links = new ArrayList<>();
    links.add(new String[] {RECEIPT + "?case=" + caseId, v.patient().isPresent() ? "Your receipt of this report (JSON)"
        : "The report's receipt (JSON)", "adverse-event-" + caseId.substring(0, 12) + "-receipt.json"});
    links.add(new String[] {FORM, "Report another adverse event", ""});
    return portal.done(ctx, submitted, "the report", "The report is committed as case " + caseId
        + (v.patient().isPresent() ? ". Keep its receipt: medledger verify checks it offline against the network's genesis" : ""),
        links);
  }

  /**
   * The transaction receipt of a case's first report, for whoever may read the case (the patient,
   * the reporting side, the regulator): the same document as {@code GET /v1/receipts/tx/{case}}.
   */
  private PortalDownload receipt(Context ctx, Optional<Identity> member) throws Exception {
    EventViewer.Viewer v = portal.viewerOf(member);
    String caseId = ctx.queryParam("case") == null ? "" : ctx.queryParam("case").strip();
    if (!caseId.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("case: a case id is 64 lower-case hex characters (the report's transaction id)");
    }
    Ledger ledger = portal.ledger;
    StateReader state = ledger.state();
    Optional<CaseHead> head = AdverseEventQueries.caseHead(state, caseId).filter(h -> EventViewer.maySeeCase(state, v, h));
    Hash tx = Hash.fromHex(caseId);
    var committed = ledger.transaction(tx);
    var proof = ledger.inclusionProof(tx);
    if (head.isEmpty() || committed.isEmpty() || proof.isEmpty()) {
      throw new PortalRefusal(404, "There is no adverse-event case " + caseId + " of yours on this node.");
    }
    var pr = proof.get();
    var ct = committed.get();
    byte[] sender = SenderSignature.certificateOf(portal.membership, state, ct.transaction()).orElse(null);
    return new PortalDownload("application/json", "adverse-event-" + caseId.substring(0, 12) + "-receipt.json",
        JSON.writeValueAsBytes(ReceiptDocuments.transactionReceipt(ct.transaction(), pr.leafIndex(), pr.treeSize(), pr.auditPath(),
            ct.outcome(), pr.header(), ledger.hashFunction(), sender,
            new org.medledger.node.ledger.SenderMembershipProofs(ledger).forReceipt(ct, sender),
            ledger.validatorTransitions(pr.header().header().height()))));
  }

  /** A one-line field, refused by name when longer than any the contract takes. */
  static String field(Context ctx, String name) {
    String v = BrowserSignedTransactions.form(ctx, name);
    if (v.length() > MAX_FIELD) {
      throw new IllegalArgumentException(name + ": at most " + MAX_FIELD + " characters, not " + v.length());
    }
    return v;
  }

  static String shortened(String v) {
    return v.length() > 20 ? v.substring(0, 20) + "…" : v;
  }
}
