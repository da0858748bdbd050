package org.medledger.apps.records.contract.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;

/**
 * One read of a health record, served or refused, as the policy point decided it: who
 * (certificate, organisation, role), which record of which patient, for what purpose, on what
 * basis (consent id, or the break-glass reason), when. The ledger adds the witness (the node that
 * decided and signed the audit transaction) and the height.
 */
public record AccessEvent(
    Hash record,
    PatientId patient,
    Hash requester,
    String organisation,
    String role,
    PurposeOfUse purpose,
    boolean served,
    AccessDecision.Basis basis,
    Hash consent,
    String reason,
    long time,
    Hash witness,
    String witnessOrganisation,
    long height,
    Optional<SignedReadRequest> request) {
  public static final int MAX_REASON_BYTES = 512;

  public AccessEvent {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(requester, "requester");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(basis, "basis");
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(witness, "witness");
    Objects.requireNonNull(witnessOrganisation, "witnessOrganisation");
    Objects.requireNonNull(request, "request");
  }

  /** An event as the policy point reports it, before the ledger adds witness and height. */
  public static AccessEvent reported(Hash record, PatientId patient, Hash requester, String organisation, String role,
      PurposeOfUse purpose, AccessDecision decision, long time) {
    return new AccessEvent(record, patient, requester, organisation, role, purpose, decision.served(), decision.basis(),
        decision.consent(), truncate(decision.reason()), time, Hash.ZERO, "", 0, Optional.empty());
  }

  /** This event with the requester's own signed request for it, which the audit checks on the ledger. */
  public AccessEvent requestedBy(SignedReadRequest signed) {
    return new AccessEvent(record, patient, requester, organisation, role, purpose, served, basis, consent, reason, time,
        witness, witnessOrganisation, height, Optional.of(signed));
  }

  public AccessEvent witnessed(Hash by, String byOrganisation, long atHeight) {
    return new AccessEvent(record, patient, requester, organisation, role, purpose, served, basis, consent, reason, time,
        by, byOrganisation, atHeight, request);
  }

  public boolean breakGlass() {
    return basis == AccessDecision.Basis.BREAK_GLASS;
  }

  /**
   * Version 1 is an event without a signed request (as every event was before issue 20 finding 2,
   * and a patient's download-link read still is); version 2 appends the signed request.
   */
  public void writeTo(CanonicalWriter w) {
    w.u8(request.isPresent() ? 2 : 1).fixed(record.unsafeBytes(), Hash.LENGTH).fixed(patient.value().unsafeBytes(), Hash.LENGTH)
        .fixed(requester.unsafeBytes(), Hash.LENGTH).string(organisation).string(role).string(purpose.name())
        .bool(served).string(basis.wireName()).fixed(consent.unsafeBytes(), Hash.LENGTH).string(reason).u64(time)
        .fixed(witness.unsafeBytes(), Hash.LENGTH).string(witnessOrganisation).u64(height);
    request.ifPresent(r -> r.writeTo(w));
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(320);
    writeTo(w);
    return w.toByteArray();
  }

  public static AccessEvent readFrom(CanonicalReader r) {
    int version = r.u8("access.version");
    if (version != 1 && version != 2) {
      throw new org.medledger.core.codec.DecodeException("access.version: unsupported " + version);
    }
    try {
      return new AccessEvent(Hash.of(r.fixed(Hash.LENGTH, "access.record")),
          new PatientId(Hash.of(r.fixed(Hash.LENGTH, "access.patient"))), Hash.of(r.fixed(Hash.LENGTH, "access.requester")),
          r.string("access.organisation", 256), r.string("access.role", 32), PurposeOfUse.ofCode(r.string("access.purpose", 16)),
          r.bool("access.served"), AccessDecision.Basis.parse(r.string("access.basis", 16)),
          Hash.of(r.fixed(Hash.LENGTH, "access.consent")), r.string("access.reason", MAX_REASON_BYTES), r.u64("access.time"),
          Hash.of(r.fixed(Hash.LENGTH, "access.witness")), r.string("access.witnessOrganisation", 256), r.u64("access.height"),
          version == 2 ? Optional.of(SignedReadRequest.readFrom(r)) : Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new org.medledger.core.codec.DecodeException("access: " + e.getMessage());
    }
  }

  public static AccessEvent decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    AccessEvent e = readFrom(r);
    r.expectEnd("access event");
    return e;
  }

  /** A batch as the {@code audit.log} transaction carries it: u32 count ‖ events. */
  public static byte[] encodeBatch(List<AccessEvent> events) {
    CanonicalWriter w = new CanonicalWriter(64 + 320 * events.size()).u32(events.size());
    events.forEach(e -> e.writeTo(w));
    return w.toByteArray();
  }

  public static List<AccessEvent> decodeBatch(byte[] bytes, int max) {
    CanonicalReader r = new CanonicalReader(bytes);
    int n = r.count("access.count", max);
    List<AccessEvent> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readFrom(r));
    }
    r.expectEnd("access batch");
    return out;
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("record", record.hex());
    m.put("patient", patient.toString());
    m.put("requester", requester.hex());
    m.put("organisation", organisation);
    m.put("role", role);
    m.put("purpose", purpose.name());
    m.put("outcome", served ? "served" : "refused");
    m.put("basis", basis.wireName());
    m.put("consent", consent.equals(Hash.ZERO) ? "" : consent.hex());
    m.put("reason", reason);
    m.put("breakGlass", Boolean.toString(breakGlass()));
    m.put("time", Long.toString(time));
    m.put("witness", witness.hex());
    m.put("witnessOrganisation", witnessOrganisation);
    m.put("height", Long.toString(height));
    m.put("signedRequest", request.map(SignedReadRequest::toHex).orElse(""));
    return m;
  }

  static String truncate(String s) {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return b.length <= MAX_REASON_BYTES ? s : new String(b, 0, MAX_REASON_BYTES - 3, java.nio.charset.StandardCharsets.UTF_8);
  }
}
