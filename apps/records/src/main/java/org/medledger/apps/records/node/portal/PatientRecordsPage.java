package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.apps.records.node.DownloadLinks;
import org.medledger.crypto.Hash;
import org.medledger.node.application.PortalDownload;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * "My records": each record's source hospital, date and type, a Verify button for its receipt,
 * and a report page that issues a download link to it (signed, expiring, audited as her own read
 * when opened) and shows the link as a QR code for her phone, also as an SVG file to keep.
 */
public final class PatientRecordsPage {
  static final String PATH = PatientPortal.ROOT + "/mine";
  static final String REPORT = PatientPortal.ROOT + "/report";
  static final String REPORT_QR = PatientPortal.ROOT + "/report.svg";
  /** How long a report's link opens: long enough to scan it and download on a phone. */
  static final long LINK_MILLIS = 15 * 60_000L;

  /** One row of the table. */
  public record Row(String record, String type, String category, String custodian, String date, boolean erased,
      String receipt) {}

  /** The page's content. */
  public record View(String patient, long height, List<Row> rows) {}

  /** The report page: the link, its QR code and when it stops working. */
  public record Report(String record, String type, String custodian, String url, String expires, QrSvg qr, String qrFile) {}

  private final PatientPortal portal;
  private final DownloadLinks links;
  private final Supplier<String> publicApiBase;

  public PatientRecordsPage(PatientPortal portal, DownloadLinks links, Supplier<String> publicApiBase) {
    this.portal = portal;
    this.links = links;
    this.publicApiBase = publicApiBase;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::render);
    ui.page(REPORT, PortalPages.Access.MEMBER, this::report);
    ui.download(REPORT_QR, PortalPages.Access.MEMBER, this::reportQr);
  }

  private PortalPage render(Context ctx, Optional<Identity> member) {
    PatientId patient = portal.patientOf(ctx, member);
    List<Row> rows = new ArrayList<>();
    for (HealthRecordEntry r : RecordContract.ofPatient(portal.ledger.state(), patient)) {
      rows.add(new Row(r.recordHash().hex(), r.resourceType(), r.category(), r.custodian(), PatientPortal.day(r.timestamp()),
          r.erased(), PatientReceipts.PATH + "?record=" + r.recordHash().hex()));
    }
    return new PortalPage("My records", portal.templates.content("records/mine.jte",
        new View(patient.toString(), portal.ledger.height(), rows)));
  }

  private PortalPage report(Context ctx, Optional<Identity> member) {
    HealthRecordEntry entry = ownRecord(ctx, member);
    String url = link(entry, member.orElseThrow());
    long expires = links.verify(url.substring(url.lastIndexOf('/') + 1)).expiresAt();
    return new PortalPage("Report", portal.templates.content("records/report.jte", new Report(entry.recordHash().hex(),
        entry.resourceType(), entry.custodian(), url, PatientPortal.time(expires), QrSvg.of(url),
        REPORT_QR + "?record=" + entry.recordHash().hex())));
  }

  /** The QR code of a fresh link to the record, as an SVG file to save. */
  private PortalDownload reportQr(Context ctx, Optional<Identity> member) {
    HealthRecordEntry entry = ownRecord(ctx, member);
    String url = link(entry, member.orElseThrow());
    return new PortalDownload("image/svg+xml", "report-" + entry.recordHash().hex().substring(0, 16) + ".svg",
        QrSvg.of(url).file("Download link to your " + entry.resourceType() + " record"));
  }

  private String link(HealthRecordEntry entry, Identity who) {
    // Never the request's Host: the node's configured public address (a QR pointing elsewhere would hand her link away).
    return publicApiBase.get() + "/v1/download/" + links.issue(entry.recordHash(), PatientPortal.caller(who), LINK_MILLIS);
  }

  /** The record the {@code record} parameter names, if it is hers; another's and none read alike. */
  private HealthRecordEntry ownRecord(Context ctx, Optional<Identity> member) {
    PatientId patient = portal.patientOf(ctx, member);
    String named = ctx.queryParam("record");
    if (named == null || named.isBlank()) {
      throw new IllegalArgumentException("say which record: the 'record' parameter (its 64-hex hash) is missing");
    }
    Hash record;
    try {
      record = Hash.fromHex(named.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'record' is not a record hash (64 hex characters)");
    }
    Optional<HealthRecordEntry> entry = RecordContract.find(portal.ledger.state(), record);
    if (entry.isEmpty() || !PatientContract.samePerson(portal.ledger.state(), patient, entry.get().patient())) {
      throw new PortalRefusal(404, "You have no record " + record.hex() + ".");
    }
    if (entry.get().erased()) {
      throw new PortalRefusal(404, "Record " + record.hex() + " was erased at your request; there is nothing to download.");
    }
    return entry.get();
  }
}
