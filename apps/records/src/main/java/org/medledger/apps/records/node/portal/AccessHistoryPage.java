package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.auth.Identity;

/**
 * "Who read my data": every logged access to the patient's records, served or refused, as the
 * ledger filed it: when, which organisation, which person in which role, for what purpose, with
 * break-glass reads flagged and their reason shown, and machine reads (a node's own) labelled as
 * automated so they do not alarm her. Filters by date, organisation and outcome; the same rows as
 * CSV; each row's Verify checks the access event's transaction receipt.
 */
public final class AccessHistoryPage {
  static final String PATH = PatientPortal.ROOT + "/access";
  static final String CSV = PatientPortal.ROOT + "/access.csv";
  private static final String[] COLUMNS = {"time_utc", "organisation", "person", "role", "purpose", "outcome", "basis",
      "break_glass", "reason", "automated", "record", "tx_id"};

  /** One logged access, in the patient's words. */
  public record Row(String event, String time, String organisation, String person, String role, String purpose, boolean served,
      String basis, boolean breakGlass, String reason, boolean automated, boolean self, String record, String txId,
      String receipt) {}

  /** The filters as given (echoed into the form) and the organisations to choose from. */
  public record Filters(String from, String to, String organisation, String outcome, List<String> organisations) {
    String query() {
      return "from=" + enc(from) + "&to=" + enc(to) + "&organisation=" + enc(organisation) + "&outcome=" + enc(outcome);
    }

    private static String enc(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  /**
   * The page's content: the newest {@link #PAGE_ROWS} of the {@code matching} reads; a patient read
   * ten thousand times by a hospital's systems gets a page, not ten thousand rows (the CSV has all).
   */
  public record View(Filters filters, List<Row> rows, int matching, int total, String csv, String error, String errorField) {}

  static final int PAGE_ROWS = 200;

  private final PatientPortal portal;
  private final Membership membership;

  public AccessHistoryPage(PatientPortal portal, Membership membership) {
    this.portal = portal;
    this.membership = membership;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.download(CSV, PortalPages.Access.MEMBER, this::csv);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    PatientId patient = portal.patientOf(ctx, member);
    List<Row> all = rows(patient, member.orElseThrow());
    Filters f = filters(ctx, all);
    List<Row> shown;
    String error = null;
    String errorField = null;
    try {
      shown = filter(all, f);
    } catch (BadFilter e) {
      ctx.status(400);
      shown = all;
      error = e.getMessage();
      errorField = e.field;
    }
    return new PortalPage("Who read my data", portal.templates.content("records/access.jte",
        new View(f, shown.subList(0, Math.min(PAGE_ROWS, shown.size())), shown.size(), all.size(), CSV + "?" + f.query(),
            error, errorField)));
  }

  private PortalDownload csv(Context ctx, Optional<Identity> member) throws IOException {
    PatientId patient = portal.patientOf(ctx, member);
    List<Row> all = rows(patient, member.orElseThrow());
    List<Row> shown;
    try {
      shown = filter(all, filters(ctx, all));
    } catch (BadFilter e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS).get())) {
      for (Row r : shown) {
        csv.printRecord(r.time(), cell(r.organisation()), cell(r.person()), cell(r.role()), r.purpose(),
            r.served() ? "served" : "refused", r.basis(), r.breakGlass(), cell(r.reason()), r.automated(), r.record(), r.txId());
      }
    }
    return new PortalDownload("text/csv; charset=utf-8", "who-read-my-data.csv", out.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A spreadsheet runs a cell that starts with = + - @ as a formula (OWASP "CSV injection"): a
   * reason typed by a reader is data, so such a cell gets a leading apostrophe.
   */
  static String cell(String s) {
    return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
  }

  private List<Row> rows(PatientId patient, Identity who) {
    StateReader state = portal.ledger.state();
    List<Row> out = new ArrayList<>();
    // One certificate read per reader, not per read: a hospital's systems read the same record thousands of times.
    java.util.Map<Hash, String> people = new java.util.TreeMap<>(java.util.Comparator.comparing(Hash::hex));
    AuditContract.visit(state, patient, (id, e) -> {
      String tx = id.split("-")[1];
      boolean automated = "node".equals(e.role());
      boolean self = e.basis() == AccessDecision.Basis.PATIENT || e.requester().equals(who.certificateId());
      out.add(new Row(id, PatientPortal.time(e.time()), e.organisation(), people.computeIfAbsent(e.requester(), r -> person(state, r)), e.role(),
          e.purpose().name(), e.served(), e.basis().wireName(), e.breakGlass(), statedReason(e.reason()), automated, self,
          e.record().hex(),
          tx, PatientReceipts.PATH + "?access=" + tx));
    });
    // Newest first: what she looks for is what happened lately.
    java.util.Collections.reverse(out);
    return out;
  }

  /** The reader's own words: the ledger files a break-glass reason as "break-glass: <reason>". */
  static String statedReason(String reason) {
    return reason.startsWith(BREAK_GLASS) ? reason.substring(BREAK_GLASS.length()) : reason;
  }

  private static final String BREAK_GLASS = "break-glass: ";

  private String person(StateReader state, Hash requester) {
    return membership.certificate(state, requester).map(AccessHistoryPage::commonName)
        .orElse("certificate " + requester.hex().substring(0, 12) + "…");
  }

  static String commonName(X509Certificate c) {
    try {
      for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (InvalidNameException e) {
      // fall through: the subject as a whole names the holder
    }
    return c.getSubjectX500Principal().getName();
  }

  private static Filters filters(Context ctx, List<Row> all) {
    TreeSet<String> orgs = new TreeSet<>();
    all.forEach(r -> orgs.add(r.organisation()));
    return new Filters(param(ctx, "from"), param(ctx, "to"), param(ctx, "organisation"), param(ctx, "outcome"),
        List.copyOf(orgs));
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }

  /** A filter value that means nothing; named by its field, so the page shows the error beside it. */
  private static final class BadFilter extends Exception {
    final String field;

    BadFilter(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  private static List<Row> filter(List<Row> all, Filters f) throws BadFilter {
    String from = date(f.from(), "from");
    String to = date(f.to(), "to");
    if (!from.isEmpty() && !to.isEmpty() && from.compareTo(to) > 0) {
      throw new BadFilter("to", "'To' (" + to + ") is before 'From' (" + from + ").");
    }
    if (!f.outcome().isEmpty() && !f.outcome().equals("served") && !f.outcome().equals("refused")) {
      throw new BadFilter("outcome", "Outcome is 'served', 'refused' or empty for both.");
    }
    List<Row> out = new ArrayList<>();
    for (Row r : all) {
      String day = r.time().substring(0, 10);
      if ((!from.isEmpty() && day.compareTo(from) < 0) || (!to.isEmpty() && day.compareTo(to) > 0)
          || (!f.organisation().isEmpty() && !r.organisation().equals(f.organisation()))
          || (f.outcome().equals("served") && !r.served()) || (f.outcome().equals("refused") && r.served())) {
        continue;
      }
      out.add(r);
    }
    return out;
  }

  private static String date(String s, String field) throws BadFilter {
    if (s.isEmpty()) {
      return s;
    }
    try {
      return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toLocalDate().toString();
    } catch (DateTimeParseException e) {
      throw new BadFilter(field, "'" + (field.equals("from") ? "From" : "To") + "' is not a date (YYYY-MM-DD): " + s);
    }
  }
}
