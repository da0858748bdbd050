package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.medledger.apps.records.contract.access.HealthRoles;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * The regulator's access audit across institutions: every read of every patient's records that
 * the ledger logged, served or refused, with who read, for what purpose, and break-glass reads
 * flagged with their reason. Filters by date, organisation, outcome and break-glass; counts per
 * institution; the same rows as CSV. Only a regulator: the role is the one the ledger registered
 * for the member's certificate, valid now under the genesis's organisations, never the session's
 * or the certificate's word alone. Patients appear by pseudonym only.
 */
public final class RegulatorAuditPage {
  static final String PATH = PatientPortal.ROOT + "/audit";
  static final String CSV = PatientPortal.ROOT + "/audit.csv";
  static final String[] COLUMNS = {"event", "time_utc", "organisation", "person", "role", "purpose", "outcome", "basis",
      "break_glass", "reason", "automated", "patient", "record", "tx_id"};

  /** One logged access as the regulator reads it. */
  public record Row(String event, long height, int index, String time, String organisation, String person, String role,
      String purpose, boolean served, String basis, boolean breakGlass, String reason, boolean automated, String patient,
      String record, String txId) {}

  /** The filters as given (echoed into the form) and the organisations to choose from. */
  public record Filters(String from, String to, String organisation, String outcome, String breakGlass,
      List<String> organisations) {
    String query() {
      return "from=" + enc(from) + "&to=" + enc(to) + "&organisation=" + enc(organisation) + "&outcome=" + enc(outcome)
          + "&breakGlass=" + enc(breakGlass);
    }

    private static String enc(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }

  /** Reads of one institution among the rows shown. */
  public record Count(String organisation, int reads, int served, int refused, int breakGlass) {}

  /**
   * The page's content: the newest {@link #PAGE_ROWS} of the {@code matching} reads (the counts
   * and the CSV cover them all), of {@code total} on the ledger.
   */
  public record View(Filters filters, List<Row> rows, int matching, int total, List<Count> counts, String csv, String error,
      String errorField) {}

  /** Rows a page lists: a regulator narrows by filters or takes the CSV; a browser is not a spreadsheet. */
  static final int PAGE_ROWS = 200;

  private final PatientPortal portal;
  private final Membership membership;
  private final Clock clock;

  public RegulatorAuditPage(PatientPortal portal, Membership membership, Clock clock) {
    this.portal = portal;
    this.membership = membership;
    this.clock = clock;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.download(CSV, PortalPages.Access.MEMBER, this::csv);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    StateReader state = portal.ledger.state();
    requireRegulator(state, member.orElseThrow());
    List<Row> all = rows(state);
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
    return new PortalPage("Access audit", portal.templates.content("records/audit.jte",
        new View(f, shown.subList(0, Math.min(PAGE_ROWS, shown.size())), shown.size(), all.size(), counts(shown),
            CSV + "?" + f.query(), error, errorField)));
  }

  private PortalDownload csv(Context ctx, Optional<Identity> member) throws IOException {
    StateReader state = portal.ledger.state();
    requireRegulator(state, member.orElseThrow());
    List<Row> all = rows(state);
    List<Row> shown;
    try {
      shown = filter(all, filters(ctx, all));
    } catch (BadFilter e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    return new PortalDownload("text/csv; charset=utf-8", "access-audit.csv", csv(shown).getBytes(StandardCharsets.UTF_8));
  }

  /** The rows as CSV, every cell a reader or an organisation typed escaped so a spreadsheet shows it as text. */
  static String csv(List<Row> rows) throws IOException {
    StringWriter out = new StringWriter();
    try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS).get())) {
      for (Row r : rows) {
        csv.printRecord(r.event(), r.time(), AccessHistoryPage.cell(r.organisation()), AccessHistoryPage.cell(r.person()),
            AccessHistoryPage.cell(r.role()), r.purpose(), r.served() ? "served" : "refused", r.basis(), r.breakGlass(),
            AccessHistoryPage.cell(r.reason()), r.automated(), r.patient(), r.record(), r.txId());
      }
    }
    return out.toString();
  }

  /**
   * Refuses anyone whose certificate the ledger does not hold, valid now, as a regulator's. The
   * session's identity came from a signed challenge; the role is read again from the ledger's
   * registered certificate checked against the genesis's organisations (which say who may hold
   * the regulator role).
   */
  private void requireRegulator(StateReader state, Identity who) {
    CertificateCheck check = membership.member(state, who.certificateId(), clock.millis());
    boolean regulator = check instanceof CertificateCheck.Valid v
        && HealthRoles.REGULATOR.equals(v.member().role().wireName());
    if (!regulator) {
      throw new PortalRefusal(403, "The access audit across institutions is for regulators: your certificate ("
          + who.name() + ", " + who.role() + " of " + who.organisation() + ") is not a regulator's.");
    }
  }

  private List<Row> rows(StateReader state) {
    List<Row> out = new ArrayList<>();
    java.util.Map<Hash, String> people = new java.util.HashMap<>();
    state.scan(org.medledger.core.runtime.StateKeys.of(org.medledger.apps.records.contract.patient.PatientContract.NAME,
        "patient/"), (k, v) -> {
          PatientId patient = org.medledger.apps.records.contract.patient.PatientRecord.decode(v).id();
          AuditContract.visit(state, patient, (id, e) -> {
            String[] parts = id.split("-");
            out.add(new Row(id, Long.parseLong(parts[0]), Integer.parseInt(parts[2]), PatientPortal.time(e.time()),
                e.organisation(), people.computeIfAbsent(e.requester(), r -> person(state, r)), e.role(), e.purpose().name(),
                e.served(), e.basis().wireName(), e.breakGlass(), AccessHistoryPage.statedReason(e.reason()),
                HealthRoles.NODE.equals(e.role()), patient.toString(), e.record().hex(), parts[1]));
          });
          return true;
        });
    // Newest first across all patients: by height, then transaction, then place in it.
    out.sort(Comparator.comparingLong(Row::height).thenComparing(Row::txId).thenComparingInt(Row::index).reversed());
    return out;
  }

  private String person(StateReader state, Hash requester) {
    return membership.certificate(state, requester).map(AccessHistoryPage::commonName)
        .orElse("certificate " + requester.hex().substring(0, 12) + "…");
  }

  /** Per institution, in name order, among the rows given. */
  static List<Count> counts(List<Row> rows) {
    TreeMap<String, int[]> by = new TreeMap<>();
    for (Row r : rows) {
      int[] c = by.computeIfAbsent(r.organisation(), o -> new int[4]);
      c[0]++;
      c[r.served() ? 1 : 2]++;
      if (r.breakGlass()) {
        c[3]++;
      }
    }
    List<Count> out = new ArrayList<>();
    by.forEach((org, c) -> out.add(new Count(org, c[0], c[1], c[2], c[3])));
    return out;
  }

  private static Filters filters(Context ctx, List<Row> all) {
    TreeSet<String> orgs = new TreeSet<>();
    all.forEach(r -> orgs.add(r.organisation()));
    return new Filters(param(ctx, "from"), param(ctx, "to"), param(ctx, "organisation"), param(ctx, "outcome"),
        param(ctx, "breakGlass"), List.copyOf(orgs));
  }

  private static String param(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null ? "" : v.strip();
  }

  /** A filter value that means nothing; named by its field, so the page shows the error beside it. */
  static final class BadFilter extends Exception {
    final String field;

    BadFilter(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  static List<Row> filter(List<Row> all, Filters f) throws BadFilter {
    String from = date(f.from(), "from");
    String to = date(f.to(), "to");
    if (!from.isEmpty() && !to.isEmpty() && from.compareTo(to) > 0) {
      throw new BadFilter("to", "'To' (" + to + ") is before 'From' (" + from + ").");
    }
    if (!f.outcome().isEmpty() && !f.outcome().equals("served") && !f.outcome().equals("refused")) {
      throw new BadFilter("outcome", "Outcome is 'served', 'refused' or empty for both.");
    }
    if (!f.breakGlass().isEmpty() && !f.breakGlass().equals("only") && !f.breakGlass().equals("none")) {
      throw new BadFilter("breakGlass", "Break-glass is 'only', 'none' or empty for all reads.");
    }
    List<Row> out = new ArrayList<>();
    for (Row r : all) {
      String day = r.time().substring(0, 10);
      if ((!from.isEmpty() && day.compareTo(from) < 0) || (!to.isEmpty() && day.compareTo(to) > 0)
          || (!f.organisation().isEmpty() && !r.organisation().equals(f.organisation()))
          || (f.outcome().equals("served") && !r.served()) || (f.outcome().equals("refused") && r.served())
          || (f.breakGlass().equals("only") && !r.breakGlass()) || (f.breakGlass().equals("none") && r.breakGlass())) {
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
      return LocalDate.parse(s).toString();
    } catch (DateTimeParseException e) {
      throw new BadFilter(field, "'" + (field.equals("from") ? "From" : "To") + "' is not a date (YYYY-MM-DD): " + s);
    }
  }
}
