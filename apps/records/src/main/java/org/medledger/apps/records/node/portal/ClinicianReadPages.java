package org.medledger.apps.records.node.portal;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.records.contract.audit.ReadRequest;
import org.medledger.apps.records.contract.audit.SignedReadRequest;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.node.HealthService;
import org.medledger.apps.records.node.ReadRequestException;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.apps.records.node.api.AuditGate;
import org.medledger.core.runtime.Caller;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.PortalPage;
import org.medledger.node.application.PortalPages;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;

/**
 * A clinician reads a record through the policy point, as every read is made: her browser signs
 * the read request (record, purpose, her stated reason, time, a fresh nonce) with her own key
 * (sign-statement.js), the node's policy point decides, the access is logged on the ledger and
 * committed before anything is shown, and the record is rendered readably ({@link ReadableRecord}).
 * A refused read says so plainly with the policy's reason and offers to break the glass: an
 * emergency read (ETREAT) with a reason she states, signed like any read, logged and flagged.
 */
public final class ClinicianReadPages {
  static final String PATH = PatientPortal.ROOT + "/read";
  static final String BREAK_GLASS = PATH + "/break-glass";
  private static final SecureRandom NONCES = new SecureRandom();

  /** The sign step: the request in words and as the bytes her key signs. */
  public record Sign(String csrf, String record, String purpose, String reason, long time, String nonce, String statementHex,
      List<String[]> facts) {}

  /** The outcome of a read: served (the record) or refused (why, and the break-glass form). */
  public record Result(boolean served, String record, String purpose, String basis, String refusal, ReadableRecord content,
      String csrf, String reason, String reasonError) {}

  private final ClinicianPortal clinicians;
  private final HealthService health;
  private final RecordVault vault;
  private final AuditGate auditGate;

  public ClinicianReadPages(ClinicianPortal clinicians, HealthService health, RecordVault vault, AuditGate auditGate) {
    this.clinicians = clinicians;
    this.health = health;
    this.vault = vault;
    this.auditGate = auditGate;
  }

  void register(PortalPages ui) {
    ui.page(PATH, PortalPages.Access.MEMBER, this::review);
    ui.form(BREAK_GLASS, PortalPages.Access.MEMBER, this::breakGlass);
    ui.form(PATH, PortalPages.Access.MEMBER, this::read);
  }

  /** Step one: the read request to sign, for the record and purpose the link names. */
  private PortalPage review(Context ctx, Optional<Identity> member) {
    Caller who = clinicians.requireClinician(clinicians.portal.ledger.state(), member.orElseThrow());
    Hash record = record(ctx.queryParam("record"));
    PurposeOfUse purpose = purpose(ctx.queryParam("purpose"));
    return sign(ctx, who, record, purpose, "");
  }

  /** A refused read's "break the glass": the reason is required, then the emergency request is signed. */
  private PortalPage breakGlass(Context ctx, Optional<Identity> member) {
    Caller who = clinicians.requireClinician(clinicians.portal.ledger.state(), member.orElseThrow());
    Hash record = record(ctx.formParam("record"));
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
    // 200 characters of up to 2 bytes each stay within the ledger's 512 bytes with its "break-glass: " prefix.
    if (reason.isEmpty() || reason.length() > 200 || reason.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 400) {
      ctx.status(400);
      return result(new Result(false, record.hex(), PurposeOfUse.ETREAT.name(), "", "Breaking the glass needs your reason.",
          null, PortalPages.csrfToken(ctx), reason, "State why this is an emergency, in 1 to 200 characters (400 bytes)."));
    }
    return sign(ctx, who, record, PurposeOfUse.ETREAT, reason);
  }

  private PortalPage sign(Context ctx, Caller who, Hash record, PurposeOfUse purpose, String reason) {
    byte[] nonce = new byte[Hash.LENGTH];
    NONCES.nextBytes(nonce);
    long time = clinicians.clock.millis();
    ReadRequest request = new ReadRequest(clinicians.portal.ledger.genesis().signingChainId(), who.certificateId(), record,
        purpose, reason, time, Hash.of(nonce));
    List<String[]> facts = new java.util.ArrayList<>(List.of(new String[] {"Record", record.hex()},
        new String[] {"For what", purpose.name()}, new String[] {"Reader", who.name() + " (" + who.role() + ", " + who.organisation() + ")"}));
    if (!reason.isEmpty()) {
      facts.add(new String[] {"Break-glass reason", reason});
    }
    return new PortalPage("Sign this read", clinicians.portal.templates.content("records/clinicianSign.jte",
        new Sign(PortalPages.csrfToken(ctx), record.hex(), purpose.name(), reason, time, Hex.encode(nonce),
            Hex.encode(request.statement()), facts)));
  }

  /** Step two: the signed request, decided by the policy point and logged, then the record or the refusal. */
  private PortalPage read(Context ctx, Optional<Identity> member) {
    Caller who = clinicians.requireClinician(clinicians.portal.ledger.state(), member.orElseThrow());
    Hash record = record(ctx.formParam("record"));
    PurposeOfUse purpose = purpose(ctx.formParam("purpose"));
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("");
    long time;
    byte[] nonce;
    byte[] signature;
    try {
      time = Long.parseLong(Optional.ofNullable(ctx.formParam("time")).orElse(""));
      nonce = Hex.decode(Optional.ofNullable(ctx.formParam("nonce")).orElse(""));
      signature = Hex.decode(Optional.ofNullable(ctx.formParam("signature")).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the signed read request is incomplete (time, nonce, signature): " + e.getMessage());
    }
    if (nonce.length != Hash.LENGTH || signature.length == 0) {
      throw new IllegalArgumentException("the read request needs its 32-byte nonce and your signature: sign it with your key");
    }
    // The requester is always the signed-in clinician: a request naming anyone else cannot be made here.
    SignedReadRequest signed = new SignedReadRequest(new ReadRequest(clinicians.portal.ledger.genesis().signingChainId(),
        who.certificateId(), record, purpose, reason, time, Hash.of(nonce)), signature);
    HealthService.Read read;
    try {
      read = health.read(who, record, purpose, reason.isEmpty() ? null : reason, Optional.of(signed));
    } catch (ReadRequestException e) {
      throw new IllegalArgumentException("the read request was refused before any read: " + e.getMessage());
    } catch (org.medledger.node.auth.AuthException e) {
      throw new PortalRefusal(403, e.getMessage());
    }
    if (read.audit().isEmpty()) {
      throw new PortalRefusal(404, "No record " + record.hex() + " is registered on this network.");
    }
    auditGate.awaitCommitted(read);
    var d = read.decision();
    if (!d.served()) {
      ctx.status(403);
      return result(new Result(false, record.hex(), purpose.name(), "", d.reason(), null, PortalPages.csrfToken(ctx), "", null));
    }
    byte[] content = vault.fetch(record, 10_000);
    ReadableRecord readable = ReadableRecord.of(read.record().orElseThrow().resourceType(), content);
    return result(new Result(true, record.hex(), purpose.name(), d.basis().wireName(), null, readable, PortalPages.csrfToken(ctx),
        reason, null));
  }

  private PortalPage result(Result r) {
    return new PortalPage(r.served() ? "Record" : "Read refused", clinicians.portal.templates.content("records/clinicianRead.jte", r));
  }

  private static Hash record(String hex) {
    try {
      return Hash.of(Hex.decode(Optional.ofNullable(hex).orElse("").strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'record' is not a record hash (64 hexadecimal characters): " + e.getMessage());
    }
  }

  private static PurposeOfUse purpose(String s) {
    try {
      return PurposeOfUse.parse(Optional.ofNullable(s).orElse("TREAT").strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'purpose' is not a purpose of use: " + e.getMessage());
    }
  }
}
