package org.medledger.apps.records.contract.record;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * A health record's entry on the ledger: never its content. The record hash (over the sealed
 * bytes, docs/format.md "Vault"), the vault manifest (cipher, k of n, each shard's hash), and the
 * metadata a regulator may see: patient pseudonym, FHIR resource type and category, custodian
 * organisation, author certificate, time. Erasure keeps the entry (hashes and metadata still
 * verify) and marks it.
 */
public record HealthRecordEntry(
    Hash recordHash,
    PatientId patient,
    String resourceType,
    String category,
    String custodian,
    Hash author,
    byte[] manifest,
    long height,
    long timestamp,
    boolean erased,
    long erasedHeight,
    long erasedTimestamp) {
  public HealthRecordEntry {
    Objects.requireNonNull(recordHash, "recordHash");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(custodian, "custodian");
    Objects.requireNonNull(author, "author");
    manifest = manifest.clone();
  }

  @Override
  public byte[] manifest() {
    return manifest.clone();
  }

  public HealthRecordEntry erasedAt(long height, long timestamp) {
    return new HealthRecordEntry(recordHash, patient, resourceType, category, custodian, author, manifest,
        this.height, this.timestamp, true, height, timestamp);
  }

  public byte[] encode() {
    return new CanonicalWriter(512).u8(1).fixed(recordHash.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.value().unsafeBytes(), Hash.LENGTH).string(resourceType).string(category).string(custodian)
        .fixed(author.unsafeBytes(), Hash.LENGTH).bytes(manifest).u64(height).u64(timestamp).bool(erased)
        .u64(erasedHeight).u64(erasedTimestamp).toByteArray();
  }

  public static HealthRecordEntry decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("record.version");
    HealthRecordEntry e = new HealthRecordEntry(Hash.of(r.fixed(Hash.LENGTH, "record.hash")),
        new PatientId(Hash.of(r.fixed(Hash.LENGTH, "record.patient"))), r.string("record.resourceType", 64),
        r.string("record.category", 32), r.string("record.custodian", 256), Hash.of(r.fixed(Hash.LENGTH, "record.author")),
        r.bytes("record.manifest", RecordContract.MAX_MANIFEST_BYTES), r.u64("record.height"), r.u64("record.timestamp"),
        r.bool("record.erased"), r.u64("record.erasedHeight"), r.u64("record.erasedTimestamp"));
    r.expectEnd("record entry");
    return e;
  }

  /** Metadata only: what a regulator sees. */
  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("record", recordHash.hex());
    m.put("patient", patient.toString());
    m.put("resourceType", resourceType);
    m.put("category", category);
    m.put("custodian", custodian);
    m.put("author", author.hex());
    m.put("manifest", Hex.encode(manifest));
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    m.put("status", erased ? "erased" : "available");
    if (erased) {
      m.put("erasedAt", Long.toString(erasedTimestamp));
      m.put("erasedHeight", Long.toString(erasedHeight));
    }
    return m;
  }
}
