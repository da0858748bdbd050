package org.medledger.apps.credentials.contract.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * A clinician credential as the ledger keeps it: what the issuer's signed document says (licence,
 * profession, specialties, scope, validity, holder) with that document's hash, and its status by
 * the issuer's last word. The document itself stays with the holder; the ledger holds what a
 * verifier and another contract need to judge it at a block.
 *
 * @param issuer the licensing authority's organisation
 * @param licence the licence number, unique per issuer
 * @param holder the certificate id of the clinician it licenses
 * @param holderOrganisation the holder's organisation when issued (her hospital)
 * @param validFrom first millisecond it is valid
 * @param validUntil first millisecond it is no longer valid (expired from then on)
 * @param document hash of the signed credential document in force (the last renewal's)
 * @param issuedBy the certificate of the issuer's member who issued it
 * @param issuedHeight block that committed its issue
 * @param statusHeight block that committed its last change (issue, suspension, reinstatement, revocation, renewal)
 * @param statusReason why, as the issuer stated it (empty at issue)
 * @param renewals how many times it was renewed
 */
public record Credential(
    String issuer,
    String licence,
    Hash holder,
    String holderOrganisation,
    String profession,
    List<String> specialties,
    List<Scope> scopes,
    long validFrom,
    long validUntil,
    Hash document,
    Hash issuedBy,
    long issuedHeight,
    CredentialStatus status,
    long statusHeight,
    long statusTime,
    String statusReason,
    int renewals) {
  static final int VERSION = 1;
  public static final int MAX_SPECIALTIES = 8;
  static final int MAX_TEXT = 256;

  public Credential {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(holderOrganisation, "holderOrganisation");
    Objects.requireNonNull(profession, "profession");
    specialties = List.copyOf(specialties);
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(issuedBy, "issuedBy");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(statusReason, "statusReason");
  }

  /** The same credential with a new status, committed at this block. */
  public Credential withStatus(CredentialStatus next, long height, long time, String reason) {
    return new Credential(issuer, licence, holder, holderOrganisation, profession, specialties, scopes, validFrom,
        validUntil, document, issuedBy, issuedHeight, next, height, time, reason, renewals);
  }

  /** Renewed: a new document and validity end, its status kept. */
  public Credential renewed(Hash newDocument, long newValidUntil, long height, long time, String reason) {
    return new Credential(issuer, licence, holder, holderOrganisation, profession, specialties, scopes, validFrom,
        newValidUntil, newDocument, issuedBy, issuedHeight, status, height, time, reason, renewals + 1);
  }

  /** What stands in the way of using it at {@code time} for {@code scope}; empty when nothing does. */
  public java.util.Optional<CredentialProblem> problemAt(long time, Scope scope) {
    if (status == CredentialStatus.REVOKED) {
      return java.util.Optional.of(CredentialProblem.REVOKED);
    }
    if (status == CredentialStatus.SUSPENDED) {
      return java.util.Optional.of(CredentialProblem.SUSPENDED);
    }
    if (time < validFrom) {
      return java.util.Optional.of(CredentialProblem.NOT_YET_VALID);
    }
    if (time >= validUntil) {
      return java.util.Optional.of(CredentialProblem.EXPIRED);
    }
    if (scope != null && !scopes.contains(scope)) {
      return java.util.Optional.of(CredentialProblem.LACKS_SCOPE);
    }
    return java.util.Optional.empty();
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(512).u8(VERSION).string(issuer).string(licence)
        .fixed(holder.unsafeBytes(), Hash.LENGTH).string(holderOrganisation).string(profession).u32(specialties.size());
    specialties.forEach(w::string);
    w.u32(scopes.size());
    scopes.forEach(s -> w.string(s.wireName()));
    return w.u64(validFrom).u64(validUntil).fixed(document.unsafeBytes(), Hash.LENGTH)
        .fixed(issuedBy.unsafeBytes(), Hash.LENGTH).u64(issuedHeight).string(status.wireName()).u64(statusHeight)
        .u64(statusTime).string(statusReason).u32(renewals).toByteArray();
  }

  public static Credential decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("credential.version");
    if (version != VERSION) {
      throw new DecodeException("credential: version " + version + ", expected " + VERSION);
    }
    String issuer = r.string("credential.issuer", MAX_TEXT);
    String licence = r.string("credential.licence", MAX_TEXT);
    Hash holder = Hash.of(r.fixed(Hash.LENGTH, "credential.holder"));
    String holderOrganisation = r.string("credential.holderOrganisation", MAX_TEXT);
    String profession = r.string("credential.profession", MAX_TEXT);
    List<String> specialties = new ArrayList<>();
    for (int i = r.count("credential.specialties", MAX_SPECIALTIES); i > 0; i--) {
      specialties.add(r.string("credential.specialty", MAX_TEXT));
    }
    List<Scope> scopes = new ArrayList<>();
    for (int i = r.count("credential.scopes", Scope.values().length); i > 0; i--) {
      try {
        scopes.add(Scope.parse(r.string("credential.scope", 32)));
      } catch (IllegalArgumentException e) {
        throw new DecodeException("credential: " + e.getMessage());
      }
    }
    long validFrom = r.u64("credential.validFrom");
    long validUntil = r.u64("credential.validUntil");
    Hash document = Hash.of(r.fixed(Hash.LENGTH, "credential.document"));
    Hash issuedBy = Hash.of(r.fixed(Hash.LENGTH, "credential.issuedBy"));
    long issuedHeight = r.u64("credential.issuedHeight");
    String statusText = r.string("credential.status", 16);
    CredentialStatus status;
    try {
      status = CredentialStatus.valueOf(statusText.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("credential: unknown status '" + statusText + "'");
    }
    Credential c = new Credential(issuer, licence, holder, holderOrganisation, profession, specialties, scopes, validFrom,
        validUntil, document, issuedBy, issuedHeight, status, r.u64("credential.statusHeight"), r.u64("credential.statusTime"),
        r.string("credential.statusReason", MAX_TEXT), r.u32("credential.renewals"));
    r.expectEnd("credential");
    return c;
  }

  /** Its fields as a query answers them. */
  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("issuer", issuer);
    m.put("licence", licence);
    m.put("holder", holder.hex());
    m.put("holderOrganisation", holderOrganisation);
    m.put("profession", profession);
    m.put("specialties", String.join(",", specialties));
    m.put("scopes", Scope.wireNames(scopes));
    m.put("validFrom", Long.toString(validFrom));
    m.put("validUntil", Long.toString(validUntil));
    m.put("document", document.hex());
    m.put("issuedBy", issuedBy.hex());
    m.put("issuedHeight", Long.toString(issuedHeight));
    m.put("status", status.wireName());
    m.put("statusHeight", Long.toString(statusHeight));
    m.put("statusTime", Long.toString(statusTime));
    m.put("statusReason", statusReason);
    m.put("renewals", Integer.toString(renewals));
    return m;
  }
}
