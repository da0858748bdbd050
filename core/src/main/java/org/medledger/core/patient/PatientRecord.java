package org.medledger.core.patient;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hex;

/**
 * A registered patient: the pseudonym, the public key it derives from (which verifies the
 * patient's consents and erasure requests), who holds the private key, and the hospital that
 * registered it. No name and no national id.
 *
 * @param custodial true when the key is kept in the registering hospital's wallet, false when the
 *     patient holds it
 */
public record PatientRecord(PatientId id, byte[] publicKey, boolean custodial, String registeredBy, long height, long timestamp) {
  public PatientRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(registeredBy, "registeredBy");
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] encode() {
    return new CanonicalWriter(160).u8(1).fixed(id.value().unsafeBytes(), 32).bytes(publicKey).bool(custodial)
        .string(registeredBy).u64(height).u64(timestamp).toByteArray();
  }

  public static PatientRecord decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("patient.version");
    PatientRecord p = new PatientRecord(new PatientId(org.medledger.crypto.Hash.of(r.fixed(32, "patient.id"))),
        r.bytes("patient.publicKey", 1024), r.bool("patient.custodial"), r.string("patient.registeredBy", 256),
        r.u64("patient.height"), r.u64("patient.timestamp"));
    r.expectEnd("patient record");
    return p;
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("patient", id.toString());
    m.put("publicKey", Hex.encode(publicKey));
    m.put("custody", custodial ? "custodial" : "self");
    m.put("registeredBy", registeredBy);
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    return m;
  }
}
