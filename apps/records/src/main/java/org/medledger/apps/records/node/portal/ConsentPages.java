package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.patient.PatientRecord;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;

/**
 * "My consents": each consent with its scope, purposes, period and state, a Verify button for its
 * receipt, and Revoke; a form to grant one. Granting and revoking take two steps: the node turns
 * the form into the statement's canonical bytes (docs/format.md, "Consent grant", "Revocation")
 * and shows them for review, her browser signs them with her own key (sign-statement.js: the key
 * never leaves it), and the node relays the signed statement to the ledger, which checks her
 * signature against her registered key. The node checks it first too, so a bad signature commits
 * nothing.
 */
public final class ConsentPages {
  static final String PATH = PatientPortal.ROOT + "/consents";
  static final String REVIEW = PATH + "/review";
  static final String GRANT = PATH + "/grant";
  static final String REVOKE_REVIEW = PATH + "/revoke-review";
  static final String REVOKE = PATH + "/revoke";
  static final List<String> PURPOSES = Arrays.stream(PurposeOfUse.values()).filter(p -> p != PurposeOfUse.PATRQT)
      .map(Enum::name).toList();
  private static final long DAY = 86_400_000L;

  /** One consent as the page shows it. */
  public record Row(String id, String grantee, String scope, String purposes, String period, String state, boolean revocable,
      String receipt) {}

  /** The grant form's values as typed and its errors by field name. */
  public record GrantForm(String organisation, String person, String categories, List<String> purposes, String start,
      String end, Map<String, String> errors, List<String> organisations, List<String> allPurposes) {
    public String error(String field) {
      return errors.get(field);
    }

    public String describedBy(String field) {
      return errors.containsKey(field) ? field + "-error" : null;
    }
  }

  /** The consents page: a message after an action, the list, the grant form. */
  public record View(String csrf, String notice, String problem, List<Row> rows, GrantForm form) {}

  /** The review step: what she is about to sign, in words and as the bytes her key signs. */
  public record Review(String csrf, String action, String kind, String heading, List<String[]> facts, String statementHex,
      String field, String value) {}

  private final PatientPortal portal;
  private final NodeTransactions transactions;
  private final Genesis genesis;
  private final java.time.Clock clock;

  public ConsentPages(PatientPortal portal, NodeTransactions transactions, Genesis genesis, java.time.Clock clock) {
    this.portal = portal;
    this.transactions = transactions;
    this.genesis = genesis;
    this.clock = clock;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, (ctx, who) -> page(ctx, who, null, null, emptyForm()));
    ui.form(REVIEW, PortalPages.Access.MEMBER, this::review);
    ui.form(GRANT, PortalPages.Access.MEMBER, this::grant);
    ui.form(REVOKE_REVIEW, PortalPages.Access.MEMBER, this::revokeReview);
    ui.form(REVOKE, PortalPages.Access.MEMBER, this::revoke);
  }

  private GrantForm emptyForm() {
    String today = PatientPortal.day(clock.millis());
    String inAYear = PatientPortal.day(clock.millis() + 365 * DAY);
    return new GrantForm("", "", ConsentGrant.ALL, List.of("TREAT"), today, inAYear, Map.of(), organisations(), PURPOSES);
  }

  private List<String> organisations() {
    return genesis.organisations().stream().map(Organisation::name).toList();
  }

  private PortalPage page(Context ctx, Optional<Identity> member, String notice, String problem, GrantForm form) {
    PatientId patient = portal.patientOf(ctx, member);
    long now = clock.millis();
    List<Row> rows = new ArrayList<>();
    for (ConsentRecord c : ConsentContract.ofPatient(portal.ledger.state(), patient)) {
      ConsentGrant g = c.grant();
      String scope = (g.categories().isEmpty() ? "" : "categories: " + String.join(", ", g.categories()))
          + (g.records().isEmpty() ? "" : (g.categories().isEmpty() ? "" : "; ") + g.records().size() + " named record(s)");
      String state = c.revoked() ? "revoked " + PatientPortal.time(c.revokedTimestamp())
          : ConsentContract.inForce(portal.ledger.state(), c, now) ? "in force"
          : g.end() <= now ? "expired" : g.start() > now ? "not yet in force" : "not in force";
      rows.add(new Row(c.id().hex(), grantee(g.grantee()), scope,
          String.join(", ", g.purposes().stream().map(Enum::name).toList()),
          PatientPortal.day(g.start()) + " to " + PatientPortal.day(g.end() - 1), state, !c.revoked() && !c.delegated(),
          PatientReceipts.PATH + "?consent=" + c.id().hex()));
    }
    return new PortalPage("My consents", portal.templates.content("records/consents.jte",
        new View(PortalPages.csrfToken(ctx), notice, problem, rows, form)));
  }

  private static String grantee(Grantee g) {
    return g.organisation() ? g.value() + " (the whole organisation)" : "the person with certificate " + g.value().substring(0, 16) + "…";
  }

  /** Step one of a grant: the form checked field by field, then the statement to sign. */
  private PortalPage review(Context ctx, Optional<Identity> member) {
    PatientId patient = portal.patientOf(ctx, member);
    String organisation = form(ctx, "organisation");
    String person = form(ctx, "person");
    String categories = form(ctx, "categories");
    List<String> purposes = ctx.formParams("purposes");
    String start = form(ctx, "start");
    String end = form(ctx, "end");
    Map<String, String> errors = new LinkedHashMap<>();
    Grantee grantee = null;
    if (!organisations().contains(organisation)) {
      errors.put("organisation", "Choose the organisation you consent to from the list.");
    } else if (person.isEmpty()) {
      grantee = Grantee.organisation(organisation);
    } else if (!person.matches("[0-9a-f]{64}")) {
      errors.put("person", "A person is named by their certificate id: 64 characters of 0-9 a-f (or leave it empty for the whole organisation).");
    } else {
      grantee = Grantee.certificate(Hash.fromHex(person));
    }
    TreeSet<String> cats = new TreeSet<>();
    for (String c : categories.split(",")) {
      if (!c.isBlank()) {
        cats.add(c.strip().toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (cats.isEmpty()) {
      errors.put("categories", "Name at least one category of records (e.g. laboratory), or 'all'.");
    } else if (cats.stream().anyMatch(c -> !c.matches("[a-z0-9][a-z0-9\\-]{0,31}"))) {
      errors.put("categories", "Categories are words of a-z, 0-9 and '-' (up to 32 characters), separated by commas.");
    }
    TreeSet<PurposeOfUse> uses = new TreeSet<>();
    for (String p : purposes) {
      if (!PURPOSES.contains(p)) {
        errors.put("purposes", "'" + p + "' is not a purpose you can consent to here.");
      } else {
        uses.add(PurposeOfUse.valueOf(p));
      }
    }
    if (uses.isEmpty() && !errors.containsKey("purposes")) {
      errors.put("purposes", "Tick at least one purpose.");
    }
    long from = dateField(start, "start", errors);
    long to = dateField(end, "end", errors);
    if (!errors.containsKey("start") && !errors.containsKey("end")) {
      if (to < from) {
        errors.put("end", "The last day is before the first.");
      } else if (to + DAY <= clock.millis()) {
        errors.put("end", "The last day has passed already.");
      } else if (to + DAY - Math.max(from, clock.millis()) > ConsentContract.MAX_CONSENT_MILLIS) {
        errors.put("end", "A consent runs at most five years; choose an earlier last day.");
      }
    }
    GrantForm typed = new GrantForm(organisation, person, categories, purposes, start, end, errors, organisations(), PURPOSES);
    if (!errors.isEmpty()) {
      ctx.status(400);
      return page(ctx, member, null, "The consent was not prepared: see the fields marked below.", typed);
    }
    ConsentGrant g = new ConsentGrant(genesis.chainId(), patient, grantee, cats, new TreeSet<>(), uses, from, to + DAY, false,
        "portal-" + clock.millis());
    List<String[]> facts = List.of(new String[] {"Who may read", grantee(grantee)},
        new String[] {"Which records", "categories: " + String.join(", ", cats)},
        new String[] {"For what", String.join(", ", uses.stream().map(Enum::name).toList())},
        new String[] {"From", PatientPortal.day(from)}, new String[] {"Until the end of", PatientPortal.day(to)});
    return new PortalPage("Sign the consent", portal.templates.content("records/sign.jte",
        new Review(PortalPages.csrfToken(ctx), GRANT, "grant", "Sign this consent", facts, Hex.encode(g.encode()), "grant",
            Hex.encode(g.encode()))));
  }

  /** Step two: the grant her browser signed, checked here, relayed to the ledger. */
  private PortalPage grant(Context ctx, Optional<Identity> member) {
    PatientId patient = portal.patientOf(ctx, member);
    byte[] bytes = hex(form(ctx, "grant"), "grant");
    byte[] signature = hex(form(ctx, "signature"), "signature");
    ConsentGrant g;
    try {
      g = ConsentGrant.decode(bytes);
    } catch (org.medledger.core.codec.DecodeException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the consent sent is not a consent grant: " + e.getMessage());
    }
    if (!g.chainId().equals(genesis.chainId()) || !PatientContract.samePerson(portal.ledger.state(), patient, g.patient())) {
      throw new PortalRefusal(403, "You can grant consent only to your own records on this network.");
    }
    requireSignedBy(g.patient(), bytes, signature);
    CommitWaiters.Committed c = relay(ctx, "consent", "grant", "grant", Hex.encode(bytes), "signature", Hex.encode(signature));
    if (c == null || !c.outcome().success()) {
      ctx.status(c == null ? 503 : 422);
      return page(ctx, member, null, refusal(ctx, c), emptyForm());
    }
    return page(ctx, member, "Consent granted to " + grantee(g.grantee()) + " (consent " + g.id(portal.ledger.hashFunction()).hex()
        + ", block " + c.height() + ").", null, emptyForm());
  }

  /** Step one of a revocation: the statement naming the consent. */
  private PortalPage revokeReview(Context ctx, Optional<Identity> member) {
    ConsentRecord c = ownConsent(ctx, member);
    byte[] statement = ConsentRevocation.statement(genesis.chainId(), c.id());
    List<String[]> facts = List.of(new String[] {"Consent", c.id().hex()}, new String[] {"Given to", grantee(c.grant().grantee())},
        new String[] {"From then on", "reads under this consent are refused"});
    return new PortalPage("Sign the revocation", portal.templates.content("records/sign.jte",
        new Review(PortalPages.csrfToken(ctx), REVOKE, "revoke", "Sign this revocation", facts, Hex.encode(statement), "consent",
            c.id().hex())));
  }

  /** Step two: the revocation her browser signed, checked here, relayed to the ledger. */
  private PortalPage revoke(Context ctx, Optional<Identity> member) {
    ConsentRecord c = ownConsent(ctx, member);
    byte[] signature = hex(form(ctx, "signature"), "signature");
    requireSignedBy(c.grant().patient(), ConsentRevocation.statement(genesis.chainId(), c.id()), signature);
    CommitWaiters.Committed done = relay(ctx, "consent", "revoke", "consent", c.id().hex(), "signature", Hex.encode(signature));
    if (done == null || !done.outcome().success()) {
      ctx.status(done == null ? 503 : 422);
      return page(ctx, member, null, refusal(ctx, done), emptyForm());
    }
    return page(ctx, member, "Consent " + c.id().hex() + " revoked (block " + done.height() + "): reads under it are refused from now on.",
        null, emptyForm());
  }

  private ConsentRecord ownConsent(Context ctx, Optional<Identity> member) {
    PatientId patient = portal.patientOf(ctx, member);
    String id = form(ctx, "consent");
    Hash consent;
    try {
      consent = Hash.fromHex(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'consent' is not a consent id (64 hex characters)");
    }
    Optional<ConsentRecord> c = ConsentContract.find(portal.ledger.state(), consent);
    if (c.isEmpty() || !PatientContract.samePerson(portal.ledger.state(), patient, c.get().grant().patient())) {
      throw new PortalRefusal(404, "You have no consent " + consent.hex() + ".");
    }
    if (c.get().revoked()) {
      throw new IllegalArgumentException("consent " + consent.hex() + " is revoked already");
    }
    return c.get();
  }

  /** Checked before anything is sent: a signature her registered key did not make commits nothing. */
  private void requireSignedBy(PatientId patient, byte[] statement, byte[] signature) {
    PatientRecord p = PatientContract.find(portal.ledger.state(), patient).orElseThrow(
        () -> new PortalRefusal(404, "You are not a registered patient on this network."));
    var scheme = genesis.cryptoSuite().signatures();
    boolean good;
    try {
      good = scheme.verifier(scheme.decodePublicKey(p.publicKey())).verify(statement, signature);
    } catch (RuntimeException e) {
      good = false;
    }
    if (!good) {
      throw new IllegalArgumentException("the signature does not verify with your registered key: sign with the key file"
          + " of the certificate you registered as a patient. Nothing was sent to the ledger.");
    }
  }

  private CommitWaiters.Committed relay(Context ctx, String contract, String method, String... args) {
    try {
      return transactions.submitAndWait(transactions.sign(contract, method, args));
    } catch (NodeTransactions.NotCommitted e) {
      ctx.attribute(RELAY_PROBLEM, e.getMessage());
      return null;
    }
  }

  private static String refusal(Context ctx, CommitWaiters.Committed c) {
    return c == null ? "It did not reach the ledger (" + ctx.attribute(RELAY_PROBLEM) + "); nothing changed. Try again."
        : "The ledger refused it (" + c.outcome().code() + "): " + c.outcome().message();
  }

  private static final String RELAY_PROBLEM = "records.portal.relay-problem";

  private static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  private static byte[] hex(String text, String what) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the form has no " + what + (what.equals("signature")
          ? ": sign in your browser (JavaScript on) with your key file" : ""));
    }
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the form's " + what + " is not hex");
    }
  }

  private static long dateField(String s, String field, Map<String, String> errors) {
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      errors.put(field, "Give a date as YYYY-MM-DD.");
      return 0;
    }
  }
}
