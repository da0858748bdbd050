package org.medledger.apps.care.contract;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One version of a care plan or goal: the FHIR document itself is a health record (stored and
 * sealed through the records application's vault, {@code record}); the ledger keeps who wrote this
 * version, when, why, and which version it follows. {@code chain} is the record of version 1, so
 * every version of one plan names the same chain; {@code previous} is empty only for version 1.
 */
public record PlanVersion(
    Hash record,
    Hash chain,
    Hash patient,
    CareKind kind,
    long number,
    Optional<Hash> previous,
    String reason,
    Hash author,
    String organisation,
    Hash transactionId,
    long height,
    long timestamp) {

  public PlanVersion {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(384)
        .u8(1)
        .fixed(record.unsafeBytes(), Hash.LENGTH)
        .fixed(chain.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(kind.resourceType())
        .u64(number)
        .bool(previous.isPresent());
    previous.ifPresent(p -> w.fixed(p.unsafeBytes(), Hash.LENGTH));
    return w.string(reason)
        .fixed(author.unsafeBytes(), Hash.LENGTH)
        .string(organisation)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH)
        .u64(height)
        .u64(timestamp)
        .toByteArray();
  }

  public static PlanVersion decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("care.version.format");
    Hash record = Hash.of(r.fixed(Hash.LENGTH, "care.version.record"));
    Hash chain = Hash.of(r.fixed(Hash.LENGTH, "care.version.chain"));
    Hash patient = Hash.of(r.fixed(Hash.LENGTH, "care.version.patient"));
    CareKind kind = CareKind.stored(r.string("care.version.kind", 64));
    long number = r.u64("care.version.number");
    Optional<Hash> previous = r.bool("care.version.hasPrevious")
        ? Optional.of(Hash.of(r.fixed(Hash.LENGTH, "care.version.previous"))) : Optional.empty();
    PlanVersion v = new PlanVersion(record, chain, patient, kind, number, previous,
        r.string("care.version.reason", 1024),
        Hash.of(r.fixed(Hash.LENGTH, "care.version.author")),
        r.string("care.version.organisation", 256),
        Hash.of(r.fixed(Hash.LENGTH, "care.version.transactionId")),
        r.u64("care.version.height"),
        r.u64("care.version.timestamp"));
    r.expectEnd("care plan version");
    return v;
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("record", record.hex());
    m.put("chain", chain.hex());
    m.put("patient", patient.hex());
    m.put("kind", kind.resourceType());
    m.put("version", Long.toString(number));
    previous.ifPresent(p -> m.put("previous", p.hex()));
    m.put("reason", reason);
    m.put("author", author.hex());
    m.put("organisation", organisation);
    m.put("txId", transactionId.hex());
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    return m;
  }
}
