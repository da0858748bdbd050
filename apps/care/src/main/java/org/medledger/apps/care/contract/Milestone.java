package org.medledger.apps.care.contract;

import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * A recovery milestone on the ledger, identified by the transaction that recorded it (whose
 * receipt the patient verifies offline). It holds no free text: blocks are kept forever and a
 * milestone cannot be erased, so any detail lives in a health record it cites ({@code record}),
 * which can be. {@code chain} is the plan or goal it belongs to, if any; {@code signedBy} the
 * clinician or the patient's certificate, {@code signerRole} which of the two.
 */
public record Milestone(
    Hash id,
    Hash patient,
    MilestoneType type,
    Optional<Hash> chain,
    Optional<Hash> record,
    Hash signedBy,
    String signerRole,
    String organisation,
    long height,
    long timestamp) {

  public Milestone {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(signedBy, "signedBy");
    Objects.requireNonNull(signerRole, "signerRole");
    Objects.requireNonNull(organisation, "organisation");
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(256).u8(1)
        .fixed(id.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(type.wireName());
    optional(w, chain);
    optional(w, record);
    return w.fixed(signedBy.unsafeBytes(), Hash.LENGTH)
        .string(signerRole)
        .string(organisation)
        .u64(height)
        .u64(timestamp)
        .toByteArray();
  }

  private static void optional(CanonicalWriter w, Optional<Hash> h) {
    w.bool(h.isPresent());
    h.ifPresent(x -> w.fixed(x.unsafeBytes(), Hash.LENGTH));
  }

  private static Optional<Hash> optional(CanonicalReader r, String field) {
    return r.bool(field + "Present") ? Optional.of(Hash.of(r.fixed(Hash.LENGTH, field))) : Optional.empty();
  }

  public static Milestone decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("care.milestone.format");
    Milestone m = new Milestone(
        Hash.of(r.fixed(Hash.LENGTH, "care.milestone.id")),
        Hash.of(r.fixed(Hash.LENGTH, "care.milestone.patient")),
        MilestoneType.stored(r.string("care.milestone.type", 64)),
        optional(r, "care.milestone.chain"),
        optional(r, "care.milestone.record"),
        Hash.of(r.fixed(Hash.LENGTH, "care.milestone.signedBy")),
        r.string("care.milestone.signerRole", 32),
        r.string("care.milestone.organisation", 256),
        r.u64("care.milestone.height"),
        r.u64("care.milestone.timestamp"));
    r.expectEnd("care milestone");
    return m;
  }

  public SortedMap<String, String> toMap() {
    TreeMap<String, String> m = new TreeMap<>();
    m.put("id", id.hex());
    m.put("patient", patient.hex());
    m.put("type", type.wireName());
    chain.ifPresent(c -> m.put("chain", c.hex()));
    record.ifPresent(c -> m.put("record", c.hex()));
    m.put("signedBy", signedBy.hex());
    m.put("signerRole", signerRole);
    m.put("organisation", organisation);
    m.put("height", Long.toString(height));
    m.put("timestamp", Long.toString(timestamp));
    return m;
  }
}
