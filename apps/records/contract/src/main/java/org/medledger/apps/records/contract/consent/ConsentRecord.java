package org.medledger.apps.records.contract.consent;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * A consent as the ledger keeps it: the grant, the patient's signature over it (empty for a
 * delegated consent, whose authority is its parent), who recorded it and when, and whether and
 * when it was revoked.
 *
 * @param parent the consent this one was delegated from, or {@link Hash#ZERO}
 */
public record ConsentRecord(
    Hash id,
    ConsentGrant grant,
    byte[] patientSignature,
    Hash parent,
    String recordedBy,
    long height,
    long timestamp,
    boolean revoked,
    long revokedHeight,
    long revokedTimestamp,
    String revokedBy) {
  public ConsentRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(revokedBy, "revokedBy");
    patientSignature = patientSignature.clone();
  }

  public boolean delegated() {
    return !parent.equals(Hash.ZERO);
  }

  /** Within its period at {@code time} and not revoked (a delegated one also needs its parent). */
  public boolean inForceAt(long time) {
    return !revoked && grant.start() <= time && time < grant.end();
  }

  public ConsentRecord revokedAt(long height, long timestamp, String by) {
    return new ConsentRecord(id, grant, patientSignature, parent, recordedBy, this.height, this.timestamp, true,
        height, timestamp, by);
  }

  public byte[] encode() {
    return new CanonicalWriter(512).u8(1).fixed(id.unsafeBytes(), Hash.LENGTH).bytes(grant.encode())
        .bytes(patientSignature).fixed(parent.unsafeBytes(), Hash.LENGTH).string(recordedBy).u64(height).u64(timestamp)
        .bool(revoked).u64(revokedHeight).u64(revokedTimestamp).string(revokedBy).toByteArray();
  }

  public static ConsentRecord decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("consentRecord.version");
    ConsentRecord c = new ConsentRecord(Hash.of(r.fixed(Hash.LENGTH, "consentRecord.id")),
        ConsentGrant.decode(r.bytes("consentRecord.grant", 64 * 1024)), r.bytes("consentRecord.signature", 512),
        Hash.of(r.fixed(Hash.LENGTH, "consentRecord.parent")), r.string("consentRecord.recordedBy", 256),
        r.u64("consentRecord.height"), r.u64("consentRecord.timestamp"), r.bool("consentRecord.revoked"),
        r.u64("consentRecord.revokedHeight"), r.u64("consentRecord.revokedTimestamp"), r.string("consentRecord.revokedBy", 256));
    r.expectEnd("consent record");
    return c;
  }

  /** The consent's fields for an API answer; {@code status} at {@code time}. */
  public SortedMap<String, String> toMap(long time) {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("consent", id.hex());
    m.put("patient", grant.patient().toString());
    m.put("grantee", grant.grantee().toString());
    m.put("categories", String.join(",", grant.categories()));
    m.put("records", grant.records().stream().map(Hash::hex).collect(Collectors.joining(",")));
    m.put("purposes", grant.purposes().stream().map(Enum::name).collect(Collectors.joining(",")));
    m.put("start", Long.toString(grant.start()));
    m.put("end", Long.toString(grant.end()));
    m.put("delegable", Boolean.toString(grant.delegable()));
    m.put("reference", grant.reference());
    m.put("parent", delegated() ? parent.hex() : "");
    m.put("recordedBy", recordedBy);
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    m.put("status", revoked ? "revoked" : time >= grant.end() ? "expired" : time < grant.start() ? "pending" : "active");
    if (revoked) {
      m.put("revokedAt", Long.toString(revokedTimestamp));
      m.put("revokedHeight", Long.toString(revokedHeight));
      m.put("revokedBy", revokedBy);
    }
    if (patientSignature.length > 0) {
      m.put("patientSignature", Hex.encode(patientSignature));
    }
    return m;
  }
}
