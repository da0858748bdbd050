package org.medledger.apps.trials.node.portal;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.erdtman.jcs.JsonCanonicalizer;
import org.medledger.apps.trials.contract.ResultsDocument;
import org.medledger.apps.trials.contract.TrialDocument;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.TrialPage;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ui.BrowserSignedTransactions;

/**
 * The sponsor's screens: her organisation's trials, and three acts, each as the CLI does them with
 * her key file: register a trial, amend it with a stated reason, submit its results. She pastes
 * the JSON document; the node canonicalises it to RFC 8785 (so any layout gives the same hash),
 * checks it with the contract's own parser and shows what it says, then prepares her own {@code
 * trials} transaction, which her browser signs ({@code sign-statement.js}, kind {@code
 * transaction}); only the signature comes back. A member who is not a sponsor is refused every
 * screen, and a sponsor is refused another organisation's trial before anything is prepared;
 * the contract still decides whether she may.
 */
public final class SponsorPages {
  static final String MINE = TrialsPortal.ROOT + "/mine";
  static final String REGISTER_REVIEW = TrialsPortal.ROOT + "/register-review";
  static final String AMEND = TrialsPortal.ROOT + "/amend";
  static final String AMEND_REVIEW = TrialsPortal.ROOT + "/amend-review";
  static final String RESULTS = TrialsPortal.ROOT + "/results";
  static final String RESULTS_REVIEW = TrialsPortal.ROOT + "/results-review";
  static final String SUBMIT = TrialsPortal.ROOT + "/submit";
  private static final int MAX_DOCUMENT = 32_768;
  private static final int MAX_REASON = 1_000;
  private static final Set<String> METHODS = Set.of(TrialsContract.REGISTER, TrialsContract.AMEND, TrialsContract.SUBMIT_RESULTS);

  public record OwnTrial(String trialId, String latestVersion, String enrolments, String resultsDue, boolean resultsSubmitted) {}

  public record Mine(String organisation, String csrf, List<OwnTrial> trials) {}

  /** The amend or results form of one trial: {@code document} prefilled (the latest version's, for an amendment). */
  public record TrialForm(String trialId, String csrf, String action, String document, boolean amend) {}

  public record SignReview(String heading, String csrf, String cancel, List<String[]> facts, String payloadHex) {}

  public record Done(String trialId, String what) {}

  private final TrialsPortal portal;
  private final BrowserSignedTransactions signing;

  SponsorPages(TrialsPortal portal, BrowserSignedTransactions signing) {
    this.portal = portal;
    this.signing = signing;
  }

  void register(PortalPages ui) {
    ui.page(MINE, PortalPages.Access.MEMBER, this::mine);
    ui.form(REGISTER_REVIEW, PortalPages.Access.MEMBER, this::registerReview);
    ui.page(AMEND, PortalPages.Access.MEMBER, (ctx, member) -> trialForm(ctx, member, true));
    ui.form(AMEND_REVIEW, PortalPages.Access.MEMBER, this::amendReview);
    ui.page(RESULTS, PortalPages.Access.MEMBER, (ctx, member) -> trialForm(ctx, member, false));
    ui.form(RESULTS_REVIEW, PortalPages.Access.MEMBER, this::resultsReview);
    ui.form(SUBMIT, PortalPages.Access.MEMBER, this::submit);
  }

  private PortalPage mine(Context ctx, Optional<Identity> member) {
    Identity who = TrialsPortal.sponsor(member);
    long blockTime = portal.ledger.headSignedHeader().header().timestamp();
    List<OwnTrial> own = new ArrayList<>();
    var state = portal.ledger.state();
    // Her organisation's trials are spread over the registry's id order: read it page by page.
    Optional<String> after = Optional.empty();
    do {
      TrialPage page = portal.view.trials(state, blockTime, new TrialPage.Request(after, TrialPage.MAX_LIMIT));
      for (Map<String, Object> t : page.trials()) {
        if (t.get("sponsor").equals(who.organisation())) {
          own.add(new OwnTrial((String) t.get("trialId"), t.get("latestVersion").toString(), t.get("enrolments").toString(),
              (String) t.get("resultsDue"), (Boolean) t.get("resultsSubmitted")));
        }
      }
      after = page.next();
    } while (after.isPresent());
    return new PortalPage("My trials", portal.templates.content("trials/mine.jte",
        new Mine(who.organisation(), PortalPages.csrfToken(ctx), own)));
  }

  private PortalPage trialForm(Context ctx, Optional<Identity> member, boolean amend) throws ContractException {
    Identity who = TrialsPortal.sponsor(member);
    String id = RegistryPages.trialId(ctx);
    SortedMap<String, String> trial = ownTrial(who, id, amend ? "amend" : "submit results for");
    String document = "";
    if (amend) {
      // Her starting point is the latest version exactly as registered, taken from its committed transaction.
      byte[] latest = portal.view.document(portal.ledger.state(), tx -> portal.ledger.transaction(tx).map(c -> c.transaction()), id,
          trial.get("latestVersion"));
      document = new String(latest, StandardCharsets.UTF_8);
    }
    return new PortalPage((amend ? "Amend " : "Results of ") + id, portal.templates.content("trials/trialForm.jte",
        new TrialForm(id, PortalPages.csrfToken(ctx), amend ? AMEND_REVIEW : RESULTS_REVIEW, document, amend)));
  }

  private PortalPage registerReview(Context ctx, Optional<Identity> member) {
    Identity who = TrialsPortal.sponsor(member);
    String text = canonical(ctx, "document");
    TrialDocument doc = parse(text);
    if (!doc.sponsor().equals(who.organisation())) {
      throw new IllegalArgumentException("document: it names sponsor '" + doc.sponsor() + "', but you register for "
          + who.organisation() + ": a sponsor registers its own organisation's trials only");
    }
    List<String[]> facts = new ArrayList<>(registrationFacts(doc));
    facts.add(new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return review(ctx, who, "Sign the registration", MINE, TrialsContract.REGISTER, facts, args("document", text));
  }

  private PortalPage amendReview(Context ctx, Optional<Identity> member) throws ContractException {
    Identity who = TrialsPortal.sponsor(member);
    String id = formField(ctx, "trialId");
    ownTrial(who, id, "amend");
    String reason = formField(ctx, "reason");
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("reason: an amendment needs a stated reason (the registry shows it with the version)");
    }
    if (reason.length() > MAX_REASON) {
      throw new IllegalArgumentException("reason: at most " + MAX_REASON + " characters, not " + reason.length());
    }
    String text = canonical(ctx, "document");
    TrialDocument doc = parse(text);
    if (!doc.trialId().equals(id)) {
      throw new IllegalArgumentException("document: it is for trial " + doc.trialId() + ", not " + id);
    }
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Amends trial", id});
    facts.add(new String[] {"Reason", reason});
    facts.addAll(registrationFacts(doc));
    facts.add(new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return review(ctx, who, "Sign the amendment", RegistryPages.TRIAL + "?id=" + id, TrialsContract.AMEND, facts,
        args("trialId", id, "document", text, "reason", reason));
  }

  private PortalPage resultsReview(Context ctx, Optional<Identity> member) throws ContractException {
    Identity who = TrialsPortal.sponsor(member);
    String id = formField(ctx, "trialId");
    ownTrial(who, id, "submit results for");
    String text = canonical(ctx, "document");
    ResultsDocument results;
    try {
      results = ResultsDocument.parse(text);
    } catch (ContractException e) {
      throw new IllegalArgumentException("document: " + e.getMessage());
    }
    if (!results.trialId().equals(id)) {
      throw new IllegalArgumentException("document: the results are for trial " + results.trialId() + ", not " + id);
    }
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Results of trial", id});
    for (ResultsDocument.Reported r : results.reported()) {
      facts.add(new String[] {"Reported outcome " + r.id(), r.measure() + " (" + r.timeFrame() + ")"});
    }
    facts.add(new String[] {"Signed by", who.name() + " of " + who.organisation()});
    return review(ctx, who, "Sign the results", RegistryPages.TRIAL + "?id=" + id, TrialsContract.SUBMIT_RESULTS, facts,
        args("trialId", id, "document", text));
  }

  /** The transaction her browser signed, checked to be hers, a trials act and, but for a registration, her own trial's. */
  private PortalPage submit(Context ctx, Optional<Identity> member) throws Exception {
    Identity who = TrialsPortal.sponsor(member);
    Transaction tx = signing.signedByHer(ctx, who, METHODS, "a registration, an amendment or results of a trial");
    String id;
    if (tx.method().equals(TrialsContract.REGISTER)) {
      id = parse(tx.args().get("document").orElse("")).trialId();
    } else {
      id = tx.args().get("trialId").orElse("");
      ownTrial(who, id, tx.method().equals(TrialsContract.AMEND) ? "amend" : "submit results for");
    }
    String what = switch (tx.method()) {
      case TrialsContract.REGISTER -> "the registration";
      case TrialsContract.AMEND -> "the amendment";
      default -> "the results";
    };
    BrowserSignedTransactions.Submitted submitted = signing.submit(tx, what);
    if (submitted instanceof BrowserSignedTransactions.NotYetCommitted late) {
      ctx.status(202);
      return new PortalPage("Not yet committed", portal.templates.content("trials/done.jte", new Done(id, what
          + " was accepted as transaction " + late.txId().hex() + " but not committed within " + late.waitedSeconds()
          + " s; open the trial again to see whether it was")));
    }
    long height = ((BrowserSignedTransactions.Committed) submitted).height();
    return new PortalPage("Committed", portal.templates.content("trials/done.jte",
        new Done(id, what + " of trial " + id + " is committed in block " + height)));
  }

  private PortalPage review(Context ctx, Identity who, String heading, String cancel, String method, List<String[]> facts,
      TreeMap<String, String> args) {
    return new PortalPage(heading, portal.templates.content("trials/sign.jte", new SignReview(heading, PortalPages.csrfToken(ctx),
        cancel, facts, signing.payloadHex(who, method, args))));
  }

  /** The trial as the registry reads it, refused unless her organisation sponsors it (another's reads as not hers to change). */
  private SortedMap<String, String> ownTrial(Identity who, String id, String action) throws ContractException {
    SortedMap<String, String> trial;
    try {
      trial = portal.view.trial(portal.ledger.state(), id);
    } catch (ContractException e) {
      throw RegistryPages.refusal(e);
    }
    if (!trial.get("sponsor").equals(who.organisation())) {
      throw new PortalRefusal(403, "Trial " + id + " is sponsored by " + trial.get("sponsor") + ": " + who.organisation()
          + " cannot " + action + " it.");
    }
    if (!trial.get("resultsHeight").equals("0")) {
      throw new IllegalArgumentException("trial " + id + " has its results (block " + trial.get("resultsHeight")
          + "): it can no longer be amended nor reported again");
    }
    return trial;
  }

  private static List<String[]> registrationFacts(TrialDocument doc) {
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Trial", doc.trialId()});
    facts.add(new String[] {"Title", doc.title()});
    facts.add(new String[] {"Sponsor", doc.sponsor()});
    facts.add(new String[] {"Conditions", String.join("; ", doc.conditions())});
    facts.add(new String[] {"Interventions", String.join("; ", doc.interventions())});
    for (TrialDocument.OutcomeText o : doc.outcomes()) {
      facts.add(new String[] {o.kind() + " outcome " + o.id(), o.measure() + " (" + o.timeFrame() + ")"});
    }
    facts.add(new String[] {"Primary completion", doc.primaryCompletionDate().toString()});
    facts.add(new String[] {"Results due", doc.resultsDue().toString()});
    return facts;
  }

  /** The field's JSON in RFC 8785 form, as the CLI canonicalises a file: any layout of one document gives one hash. */
  private static String canonical(Context ctx, String field) {
    String text = formField(ctx, field);
    if (text.isEmpty()) {
      throw new IllegalArgumentException(field + ": paste the JSON document (docs/trials.md describes its members)");
    }
    if (text.length() > MAX_DOCUMENT) {
      throw new IllegalArgumentException(field + ": at most " + MAX_DOCUMENT + " characters, not " + text.length());
    }
    try {
      return new JsonCanonicalizer(text).getEncodedString();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(field + ": not JSON (" + e.getMessage() + ")");
    }
  }

  private static TrialDocument parse(String text) {
    try {
      return TrialDocument.parse(text);
    } catch (ContractException e) {
      throw new IllegalArgumentException("document: " + e.getMessage());
    }
  }

  private static String formField(Context ctx, String name) {
    return BrowserSignedTransactions.form(ctx, name);
  }

  private static TreeMap<String, String> args(String... pairs) {
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
