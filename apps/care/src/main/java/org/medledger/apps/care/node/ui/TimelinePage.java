package org.medledger.apps.care.node.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.apps.care.node.CareTimeline;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.core.receipt.SenderSignature;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * The care timeline ({@code /ui/care/timeline}): the patient's own, or with {@code ?patient=} one a
 * hospital's member may see; episodes, plan and goal versions and milestones from every hospital
 * the viewer may see, oldest first, each milestone with a Verify button and a download of its
 * receipt (its transaction's, which proves it offline) for the patient herself. The look is
 * logged on the ledger before anything is shown, a refused one too, with the REST route's
 * {@code care.timelineViewed}; a timeline the viewer may not see reads as none.
 */
public final class TimelinePage {
  static final String PATH = CarePortal.ROOT + "/timeline";
  static final String RECEIPT = CarePortal.ROOT + "/receipt";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The page's content: whose, as read at which height, and the look's audit transaction. */
  public record View(String patient, boolean herself, long height, List<String> organisations, List<TimelineEntry> entries,
      String audit) {}

  private final CarePortal portal;

  TimelinePage(CarePortal portal) {
    this.portal = portal;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.download(RECEIPT, PortalPages.Access.MEMBER, this::receipt);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    Identity who = member.orElseThrow();
    Caller viewer = caller(who);
    StateReader state = portal.ledger.state();
    long height = portal.ledger.height();
    Hash patient = whose(ctx, state, who);
    CareTimeline.Result r;
    try {
      r = portal.timeline.build(state, viewer, patient, portal.clock.millis());
    } catch (IllegalArgumentException unregistered) {
      throw new PortalRefusal(404, "There is no care timeline of patient " + patient.hex() + " that you may see.");
    }
    String audit = logLook(patient, viewer, r);
    if (!r.served()) {
      // Refused and logged: said as if there were none, so a refusal tells nothing about her care.
      throw new PortalRefusal(404, "There is no care timeline of patient " + patient.hex() + " that you may see.");
    }
    boolean herself = portal.timeline.isThePatient(state, viewer, patient);
    List<TimelineEntry> entries = new ArrayList<>();
    for (Map<?, ?> e : list(r.body(), "episodes")) {
      entries.add(new TimelineEntry("Episode of care", "Episode of care, record " + shortId(e.get("record")),
          text(e, "organisation"), CarePortal.time(number(e, "timestamp")), number(e, "height"), text(e, "record"), ""));
    }
    for (String kind : List.of("plans", "goals")) {
      for (Map<?, ?> chain : list(r.body(), kind)) {
        String label = kind.equals("plans") ? "Care plan" : "Goal";
        for (Map<?, ?> v : list(chain, "versions")) {
          entries.add(new TimelineEntry(label, label + " version " + number(v, "version") + ": " + text(v, "reason"),
              text(v, "organisation"), CarePortal.time(number(v, "timestamp")), number(v, "height"), text(v, "record"), ""));
        }
      }
    }
    for (Map<?, ?> m : list(r.body(), "milestones")) {
      String id = text(m, "id");
      String signer = "patient".equals(text(m, "signerRole")) ? "reported by the patient"
          : "signed by a " + text(m, "signerRole") + " of " + text(m, "organisation");
      entries.add(new TimelineEntry("Milestone", milestoneWords(text(m, "type")) + ", " + signer, text(m, "organisation"),
          CarePortal.time(number(m, "timestamp")), number(m, "height"), id, herself ? RECEIPT + "?milestone=" + id : ""));
    }
    entries.sort(Comparator.comparingLong(TimelineEntry::height).thenComparing(TimelineEntry::kind)
        .thenComparing(TimelineEntry::id));
    return new PortalPage(herself ? "My care" : "Care timeline", portal.templates.content("care/timeline.jte",
        new View(patient.hex(), herself, height, r.organisations(), entries, audit)));
  }

  /** The patient the page is about: the {@code patient} parameter, or else the signed-in patient herself. */
  private Hash whose(Context ctx, StateReader state, Identity who) {
    String named = ctx.queryParam("patient");
    if (named != null && !named.isBlank()) {
      try {
        return PatientId.parse(named.strip()).value();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'patient' is not a patient id (64 hex characters): " + e.getMessage());
      }
    }
    return ownPatientId(state, who).orElseThrow(() -> new IllegalArgumentException("say whose care timeline: the"
        + " 'patient' parameter (a 64-hex patient id) is missing, and you (" + who.role() + ") are no registered patient"));
  }

  /** A patient member's own id: her certificate's key, when registered as a patient. */
  private Optional<Hash> ownPatientId(StateReader state, Identity who) {
    if (!who.hasRole("patient")) {
      return Optional.empty();
    }
    return portal.membership.certificate(state, who.certificateId()).map(X509Certificate::getPublicKey)
        .map(k -> PatientId.of(portal.ledger.hashFunction(), k.getEncoded()))
        .filter(id -> PatientContract.find(state, id).isPresent()).map(PatientId::value);
  }

  /** The transaction receipt of one of her own milestones; another's, or none, read alike. */
  private PortalDownload receipt(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = member.orElseThrow();
    String named = ctx.queryParam("milestone");
    Hash id;
    try {
      id = Hash.fromHex(String.valueOf(named).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'milestone' is not a milestone id (64 hex characters)");
    }
    Ledger ledger = portal.ledger;
    StateReader state = ledger.state();
    Optional<Milestone> m = CareContract.milestone(state, id);
    var committed = m.isPresent() && portal.timeline.isThePatient(state, caller(who), m.get().patient())
        ? ledger.transaction(id) : Optional.<org.medledger.node.ledger.CommittedTransaction>empty();
    var proof = committed.isPresent() ? ledger.inclusionProof(id)
        : Optional.<org.medledger.node.ledger.InclusionProof>empty();
    if (committed.isEmpty() || proof.isEmpty()) {
      throw new PortalRefusal(404, "You have no milestone " + id.hex() + ".");
    }
    var p = proof.get();
    byte[] sender = SenderSignature.certificateOf(portal.membership, state, committed.get().transaction()).orElse(null);
    Map<String, Object> receipt = ReceiptDocuments.transactionReceipt(committed.get().transaction(), p.leafIndex(),
        p.treeSize(), p.auditPath(), committed.get().outcome(), p.header(), ledger.hashFunction(), sender,
        new org.medledger.node.ledger.SenderMembershipProofs(ledger).forReceipt(committed.get(), sender),
        ledger.validatorTransitions(p.header().header().height()));
    return new PortalDownload("application/json", null, JSON.writeValueAsBytes(receipt));
  }

  /**
   * Logs the look on the ledger and waits for its commit, as the REST route does: nothing is
   * shown unlogged. Its transaction id.
   */
  private String logLook(Hash patient, Caller viewer, CareTimeline.Result r) {
    List<String> args = new ArrayList<>(List.of("patient", patient.hex(), "viewer", viewer.certificateId().hex(), "outcome",
        r.served() ? "served" : "refused", "entries", Long.toString(r.entries())));
    if (!r.organisations().isEmpty()) {
      args.addAll(List.of("organisations", String.join(",", r.organisations())));
    }
    NodeTransactions tx = portal.transactions;
    CommitWaiters.Committed logged;
    try {
      logged = tx.submitAndWait(tx.sign(CareContract.NAME, CareContract.TIMELINE_VIEWED, args.toArray(String[]::new)));
    } catch (NodeTransactions.NotCommitted e) {
      throw new IllegalStateException("the look could not be logged on the ledger, so nothing is shown: " + e.getMessage());
    }
    if (!logged.outcome().success()) {
      throw new IllegalStateException("the ledger refused to log the look, so nothing is shown: "
          + logged.outcome().message());
    }
    return logged.outcome().txId().hex();
  }

  static String milestoneWords(String type) {
    return switch (type) {
      case "goal-achieved" -> "Goal achieved";
      case "discharge" -> "Discharged";
      case "follow-up-done" -> "Follow-up done";
      case "patient-reported-outcome" -> "Outcome reported";
      default -> type;
    };
  }

  private static Caller caller(Identity who) {
    return new Caller(who.certificateId(), who.organisation(), who.role(), who.name());
  }

  private static List<Map<?, ?>> list(Map<?, ?> body, String field) {
    List<Map<?, ?>> out = new ArrayList<>();
    Object v = body.get(field);
    if (v instanceof List<?> items) {
      for (Object item : items) {
        out.add((Map<?, ?>) item);
      }
    }
    return out;
  }

  private static String text(Map<?, ?> m, String field) {
    return String.valueOf(m.get(field));
  }

  private static long number(Map<?, ?> m, String field) {
    return ((Number) m.get(field)).longValue();
  }

  private static String shortId(Object hex) {
    String s = String.valueOf(hex);
    return s.length() > 12 ? s.substring(0, 12) + "…" : s;
  }
}
