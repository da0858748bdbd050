package org.medledger.apps.safety.node.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.contract.events.Signal;
import org.medledger.apps.safety.node.events.LotRecord;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The regulator's screens (issue 17, item 9): reports per lot and per device model, her
 * thresholds (she sets one here), the signals the ledger raised, each with its state receipt
 * to download; and a lot's page, from a signal or a count: its record in drugs' state (maker, recalls,
 * the pharmacies holding it and how many packs each dispensed), its reports, who received it (the
 * patients who agreed to be reached by id, the others counted), and the recall, drugs' own {@code
 * recall} signed by her. Anyone but a regulator is refused every one of them (403), as the REST
 * routes refuse her.
 */
public final class RegulatorPages {
  static final String SIGNALS = SafetyPortal.ROOT + "/signals";
  static final String THRESHOLD_REVIEW = SafetyPortal.ROOT + "/threshold-review";
  static final String THRESHOLD_SUBMIT = SafetyPortal.ROOT + "/threshold-submit";
  static final String LOT = SafetyPortal.ROOT + "/lot";
  static final String RECALL_REVIEW = SafetyPortal.ROOT + "/recall-review";
  static final String RECALL_SUBMIT = SafetyPortal.ROOT + "/recall-submit";
  static final String SIGNAL_RECEIPT = SafetyPortal.ROOT + "/signal-receipt";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REASON = 1_000;

  /** A count of reports against one subject; {@code link} the lot's page for a lot, empty for a model. */
  public record CountRow(String subject, long reports, String link) {}

  public record ThresholdRow(String kind, String subject, long reports, String setBy, long height) {}

  public record SignalRow(String kind, String subject, long count, long threshold, String caseId, long height, String receiptKey,
      String receipt, String link) {}

  public record Signals(String csrf, long height, List<CountRow> lots, List<CountRow> models, List<ThresholdRow> thresholds,
      List<SignalRow> signals) {}

  public record Holder(String organisation, String packs, boolean inTransit) {}

  public record Lot(String csrf, String gtin, String lot, String maker, long reports, List<String> cases, List<String[]> recalls,
      List<Holder> holders, List<String[]> dispensedBy, long packsToPatients, List<String> contactable, long notContactable) {}

  private final SafetyPortal portal;

  RegulatorPages(SafetyPortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(SIGNALS, PortalPages.Access.MEMBER, this::signals);
    ui.form(THRESHOLD_REVIEW, PortalPages.Access.MEMBER, this::thresholdReview);
    ui.form(THRESHOLD_SUBMIT, PortalPages.Access.MEMBER, this::thresholdSubmit);
    ui.page(LOT, PortalPages.Access.MEMBER, this::lot);
    ui.form(RECALL_REVIEW, PortalPages.Access.MEMBER, this::recallReview);
    ui.form(RECALL_SUBMIT, PortalPages.Access.MEMBER, this::recallSubmit);
    ui.download(SIGNAL_RECEIPT, PortalPages.Access.MEMBER, this::signalReceipt);
  }

  /**
   * A signal's state receipt at the head (the same document as {@code GET /v1/receipts/state}),
   * checked offline with {@code medledger verify}: the ledger raised it, sealed by a quorum. Only
   * the key of a signal the ledger holds is answered, so the page serves no other state.
   */
  private PortalDownload signalReceipt(Context ctx, Optional<Identity> member) throws Exception {
    portal.regulator(member);
    String key = query(ctx, "key");
    var ledger = portal.ledger;
    boolean raised = AdverseEventQueries.signals(ledger.state()).stream().anyMatch(s -> AdverseEventQueries.signalKey(s).equals(key));
    if (!raised) {
      throw new PortalRefusal(404, "No signal is raised at '" + ReportPages.shortened(key) + "'.");
    }
    // Read after the check: a signal once raised is never removed, so the head's proof shows it.
    long height = ledger.height();
    var proof = ledger.stateProof(StateKeys.of(AdverseEventsContract.NAME, key), height)
        .orElseThrow(() -> new PortalRefusal(404, "no block at height " + height));
    var header = ledger.signedHeader(height).orElseThrow(() -> new PortalRefusal(404, "no block at height " + height));
    return new PortalDownload("application/json", "signal-receipt.json", JSON.writeValueAsBytes(ReceiptDocuments.stateReceipt(proof,
        header, ledger.hashFunction(), ledger.validatorTransitions(height))));
  }

  private PortalPage signals(Context ctx, Optional<Identity> member) {
    portal.regulator(member);
    StateReader state = portal.ledger.state();
    List<CountRow> lots = new ArrayList<>();
    AdverseEventQueries.counts(state, "lot").forEach((subject, n) -> lots.add(new CountRow(lotWords(subject), n, lotLink(subject))));
    List<CountRow> models = new ArrayList<>();
    AdverseEventQueries.counts(state, "model").forEach((subject, n) -> models.add(new CountRow(unescape(subject), n, "")));
    List<ThresholdRow> thresholds = new ArrayList<>();
    AdverseEventQueries.thresholds(state).forEach((key, t) -> {
      int slash = key.indexOf('/');
      String kind = key.substring(0, slash);
      String subject = key.substring(slash + 1);
      String words = subject.equals("*") ? "every " + kind + " without its own" : kind.equals("lot") ? lotWords(subject) : unescape(subject);
      thresholds.add(new ThresholdRow(kind, words, t.reports(), t.setBy(), t.height()));
    });
    List<SignalRow> signals = new ArrayList<>();
    for (Signal s : AdverseEventQueries.signals(state)) {
      boolean lot = s.kind().equals("lot");
      signals.add(new SignalRow(s.kind(), lot ? lotWords(s.subject()) : unescape(s.subject()), s.count(), s.threshold(), s.caseId(),
          s.height(), AdverseEventsContract.NAME + "/" + AdverseEventQueries.signalKey(s), SIGNAL_RECEIPT + "?key="
          + URLEncoder.encode(AdverseEventQueries.signalKey(s), StandardCharsets.UTF_8), lot ? lotLink(s.subject()) : ""));
    }
    return new PortalPage("Safety signals", portal.templates.content("safety/signals.jte", new Signals(PortalPages.csrfToken(ctx),
        portal.ledger.headSignedHeader().header().height(), lots, models, thresholds, signals)));
  }

  private PortalPage thresholdReview(Context ctx, Optional<Identity> member) {
    portal.regulator(member);
    Identity who = member.orElseThrow();
    String kind = ReportPages.field(ctx, "kind");
    String reports = ReportPages.field(ctx, "reports");
    String gtin = ReportPages.field(ctx, "gtin");
    String lot = ReportPages.field(ctx, "lot");
    String model = ReportPages.field(ctx, "model");
    if (!kind.equals("lot") && !kind.equals("model")) {
      throw new IllegalArgumentException("kind: a threshold counts reports per 'lot' or per device 'model', not '"
          + ReportPages.shortened(kind) + "'");
    }
    if (kind.equals("lot") && !model.isEmpty() || kind.equals("model") && !(gtin.isEmpty() && lot.isEmpty())) {
      throw new IllegalArgumentException(kind.equals("lot") ? "model: a lot's threshold names a GTIN and lot, not a model"
          : "gtin, lot: a model's threshold names a device model, not a lot");
    }
    String subject = kind.equals("model") ? (model.isEmpty() ? "every model without its own" : "model " + model)
        : (gtin.isEmpty() && lot.isEmpty() ? "every lot without its own" : "GTIN " + gtin + ", lot " + lot);
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Threshold for", subject});
    facts.add(new String[] {"Reports that raise a signal", reports});
    return portal.signPage(ctx, who, portal.events, "Sign the threshold", THRESHOLD_SUBMIT, SIGNALS, facts,
        AdverseEventsContract.SET_THRESHOLD, SafetyPortal.args("kind", kind, "reports", reports, "gtin", gtin, "lot", lot, "model",
            model));
  }

  private PortalPage thresholdSubmit(Context ctx, Optional<Identity> member) throws Exception {
    portal.regulator(member);
    Transaction tx = portal.events.signedByHer(ctx, member.orElseThrow(), Set.of(AdverseEventsContract.SET_THRESHOLD), "a threshold");
    BrowserSignedTransactions.Submitted submitted = portal.events.submit(tx, "the threshold");
    return portal.done(ctx, submitted, "the threshold", "The threshold of " + tx.args().get("reports").orElse("?")
        + " report(s) is committed", List.<String[]>of(new String[] {SIGNALS, "Back to the safety signals", ""}));
  }

  private PortalPage lot(Context ctx, Optional<Identity> member) {
    portal.regulator(member);
    String gtin = gtin(query(ctx, "gtin"));
    String lot = lotParam(query(ctx, "lot"));
    return lotPage(ctx, gtin, lot);
  }

  @SuppressWarnings("unchecked")
  private PortalPage lotPage(Context ctx, String gtin, String lot) {
    StateReader state = portal.ledger.state();
    Map<String, Object> record = LotRecord.of(state, gtin, lot);
    Map<String, Object> exposure = LotRecord.exposure(state, gtin, lot);
    List<String[]> recalls = new ArrayList<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) record.get("recalls")) {
      recalls.add(new String[] {String.valueOf(r.get("by")), String.valueOf(r.get("role")), String.valueOf(r.get("reason")),
          String.valueOf(r.get("height"))});
    }
    List<Holder> holders = new ArrayList<>();
    for (Map<String, Object> h : (List<Map<String, Object>>) record.get("holders")) {
      holders.add(new Holder(String.valueOf(h.get("organisation")), String.valueOf(h.get("packs")), (Boolean) h.get("inTransit")));
    }
    List<String[]> dispensedBy = new ArrayList<>();
    ((Map<String, Long>) record.get("dispensedBy")).forEach((org, n) -> dispensedBy.add(new String[] {org, Long.toString(n)}));
    return new PortalPage("Lot " + lot, portal.templates.content("safety/lot.jte", new Lot(PortalPages.csrfToken(ctx), gtin, lot,
        (String) record.get("maker"), (Long) record.get("reports"), (List<String>) record.get("cases"), recalls, holders, dispensedBy,
        ((Number) exposure.get("packsToPatients")).longValue(), (List<String>) exposure.get("contactablePatients"),
        ((Number) exposure.get("patientsWithoutContactConsent")).longValue())));
  }

  private PortalPage recallReview(Context ctx, Optional<Identity> member) {
    portal.regulator(member);
    Identity who = member.orElseThrow();
    String gtin = gtin(ReportPages.field(ctx, "gtin"));
    String lot = lotParam(ReportPages.field(ctx, "lot"));
    String reason = BrowserSignedTransactions.form(ctx, "reason");
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("reason: a recall states why (the ledger keeps it with the recall)");
    }
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("reason: at most " + MAX_REASON + " characters, not " + reason.length());
    }
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Recall of", "GTIN " + gtin + ", lot " + lot});
    facts.add(new String[] {"Reason", reason});
    return portal.signPage(ctx, who, portal.drugs, "Sign the recall", RECALL_SUBMIT, lotLink(gtin, lot), facts, "recall",
        SafetyPortal.args("gtin", gtin, "lot", lot, "reason", reason));
  }

  private PortalPage recallSubmit(Context ctx, Optional<Identity> member) throws Exception {
    portal.regulator(member);
    Transaction tx = portal.drugs.signedByHer(ctx, member.orElseThrow(), Set.of("recall"), "a recall of a lot");
    String gtin = tx.args().get("gtin").orElse("");
    String lot = tx.args().get("lot").orElse("");
    BrowserSignedTransactions.Submitted submitted = portal.drugs.submit(tx, "the recall");
    return portal.done(ctx, submitted, "the recall", "Lot " + lot + " of GTIN " + gtin + " is recalled",
        List.<String[]>of(new String[] {lotLink(gtin, lot), "The lot: who holds it and who received it", ""},
            new String[] {SIGNALS, "Back to the safety signals", ""}));
  }

  private static String query(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }

  private static String gtin(String text) {
    try {
      return Gtin.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gtin: " + e.getMessage());
    }
  }

  private static String lotParam(String lot) {
    if (lot.isEmpty() || lot.length() > 20) {
      throw new IllegalArgumentException("lot: 1-20 characters (GS1 AI 10), not " + lot.length());
    }
    return lot;
  }

  /** A lot count's subject, {@code gtin/lot} with the lot escaped in the key, in words. */
  private static String lotWords(String subject) {
    int slash = subject.indexOf('/');
    return "GTIN " + subject.substring(0, slash) + ", lot " + unescape(subject.substring(slash + 1));
  }

  private static String lotLink(String subject) {
    int slash = subject.indexOf('/');
    return lotLink(subject.substring(0, slash), unescape(subject.substring(slash + 1)));
  }

  static String lotLink(String gtin, String lot) {
    return LOT + "?gtin=" + gtin + "&lot=" + URLEncoder.encode(lot, StandardCharsets.UTF_8);
  }

  /** A key segment back to its text: the contract writes '%' as %25 and '/' as %2F (docs/safety.md). */
  static String unescape(String segment) {
    return segment.replace("%2F", "/").replace("%25", "%");
  }
}
