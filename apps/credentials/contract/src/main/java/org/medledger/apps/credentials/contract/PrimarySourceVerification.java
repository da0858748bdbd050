package org.medledger.apps.credentials.contract;

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
 * The ledger's entry of a primary-source verification behind a credential (issue 16 item 1): the
 * hash of the FHIR {@code VerificationResult} that says what was checked at each source and with
 * what outcome, which credential it stands behind, who verified (the authority and its member),
 * when (the block's time), and which organisation's node keeps the document. The document itself
 * is personal data and stays off the ledger (docs/credentials.md, "Primary-source verification").
 *
 * @param document hash of the FHIR VerificationResult document (JCS form), also the entry's id
 * @param issuer the organisation that issued the credential and verified its sources
 * @param licence the credential's licence number
 * @param clinician the certificate id of the clinician the credential licenses
 * @param verifiedBy the certificate id of the authority's member who recorded it
 * @param sources the kinds of primary source checked
 * @param custodian the organisation whose node keeps the document and answers reads of it
 * @param height the block that recorded it
 * @param time that block's time, the verification's time for every later age check
 */
public record PrimarySourceVerification(
    Hash document,
    String issuer,
    String licence,
    Hash clinician,
    Hash verifiedBy,
    List<PrimarySourceKind> sources,
    String custodian,
    long height,
    long time) {
  static final int VERSION = 1;
  private static final int MAX_TEXT = 256;

  public PrimarySourceVerification {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(clinician, "clinician");
    Objects.requireNonNull(verifiedBy, "verifiedBy");
    sources = List.copyOf(sources);
    Objects.requireNonNull(custodian, "custodian");
  }

  /** Whether it is older than {@code maxAgeMillis} at {@code now}: a reader should have it verified again. */
  public boolean renewalDueAt(long now, long maxAgeMillis) {
    return now - time > maxAgeMillis;
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(VERSION).fixed(document.unsafeBytes(), Hash.LENGTH).string(issuer)
        .string(licence).fixed(clinician.unsafeBytes(), Hash.LENGTH).fixed(verifiedBy.unsafeBytes(), Hash.LENGTH)
        .u32(sources.size());
    sources.forEach(s -> w.string(s.wireName()));
    return w.string(custodian).u64(height).u64(time).toByteArray();
  }

  public static PrimarySourceVerification decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("verification.version");
    if (version != VERSION) {
      throw new DecodeException("verification: version " + version + ", expected " + VERSION);
    }
    Hash document = Hash.of(r.fixed(Hash.LENGTH, "verification.document"));
    String issuer = r.string("verification.issuer", MAX_TEXT);
    String licence = r.string("verification.licence", MAX_TEXT);
    Hash clinician = Hash.of(r.fixed(Hash.LENGTH, "verification.clinician"));
    Hash verifiedBy = Hash.of(r.fixed(Hash.LENGTH, "verification.verifiedBy"));
    List<PrimarySourceKind> sources = new ArrayList<>();
    for (int i = r.count("verification.sources", PrimarySourceKind.values().length); i > 0; i--) {
      try {
        sources.add(PrimarySourceKind.parse(r.string("verification.source", 32)));
      } catch (IllegalArgumentException e) {
        throw new DecodeException("verification: " + e.getMessage());
      }
    }
    PrimarySourceVerification v = new PrimarySourceVerification(document, issuer, licence, clinician, verifiedBy, sources,
        r.string("verification.custodian", MAX_TEXT), r.u64("verification.height"), r.u64("verification.time"));
    r.expectEnd("verification");
    return v;
  }

  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("id", document.hex());
    m.put("issuer", issuer);
    m.put("licence", licence);
    m.put("clinician", clinician.hex());
    m.put("verifiedBy", verifiedBy.hex());
    m.put("sources", PrimarySourceKind.wireNames(sources));
    m.put("custodian", custodian);
    m.put("height", Long.toString(height));
    m.put("time", Long.toString(time));
    return m;
  }
}
