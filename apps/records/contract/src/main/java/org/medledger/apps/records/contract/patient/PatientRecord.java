package org.medledger.apps.records.contract.patient;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;

/**
 * A registered patient: the pseudonym, the public key it derives from (which verifies the
 * patient's consents and erasure requests), who holds the private key, the hospital that
 * registered it, and her encryption key certified by that signing key (the key data keys are
 * wrapped to for her; a signing key never decrypts). No name and no national id.
 *
 * @param custodial true when the key is kept in the registering hospital's wallet, false when the
 *     patient holds it
 * @param encryptionKeyCertificate empty for a patient registered without one: no record is stored
 *     for her until one is registered
 */
public record PatientRecord(PatientId id, byte[] publicKey, boolean custodial, String registeredBy, long height, long timestamp,
    Optional<EncryptionKeyCertificate> encryptionKeyCertificate) {
  public PatientRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(registeredBy, "registeredBy");
    Objects.requireNonNull(encryptionKeyCertificate, "encryptionKeyCertificate");
    publicKey = publicKey.clone();
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The same record with {@code certificate} as her encryption key. */
  public PatientRecord withEncryptionKey(EncryptionKeyCertificate certificate) {
    return new PatientRecord(id, publicKey, custodial, registeredBy, height, timestamp, Optional.of(certificate));
  }

  /** Version 1 without an encryption key; version 2 appends {@code bytes} of its certificate. */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(160).u8(encryptionKeyCertificate.isPresent() ? 2 : 1)
        .fixed(id.value().unsafeBytes(), 32).bytes(publicKey).bool(custodial).string(registeredBy).u64(height).u64(timestamp);
    encryptionKeyCertificate.ifPresent(c -> w.bytes(c.encode()));
    return w.toByteArray();
  }

  public static PatientRecord decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("patient.version");
    if (version != 1 && version != 2) {
      throw new org.medledger.core.codec.DecodeException("patient.version: unknown version " + version);
    }
    PatientId id = new PatientId(org.medledger.crypto.Hash.of(r.fixed(32, "patient.id")));
    byte[] key = r.bytes("patient.publicKey", 1024);
    boolean custodial = r.bool("patient.custodial");
    String by = r.string("patient.registeredBy", 256);
    long height = r.u64("patient.height");
    long time = r.u64("patient.timestamp");
    Optional<EncryptionKeyCertificate> enc = Optional.empty();
    if (version == 2) {
      byte[] c = r.bytes("patient.encryptionKeyCertificate", 2048);
      try {
        enc = Optional.of(EncryptionKeyCertificate.decode(c));
      } catch (IllegalArgumentException e) {
        throw new org.medledger.core.codec.DecodeException("patient.encryptionKeyCertificate: " + e.getMessage());
      }
    }
    r.expectEnd("patient record");
    return new PatientRecord(id, key, custodial, by, height, time, enc);
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("patient", id.toString());
    m.put("publicKey", Hex.encode(publicKey));
    m.put("custody", custodial ? "custodial" : "self");
    m.put("registeredBy", registeredBy);
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    encryptionKeyCertificate.ifPresent(c -> m.put("encryptionKeyCertificate", Hex.encode(c.encode())));
    return m;
  }
}
