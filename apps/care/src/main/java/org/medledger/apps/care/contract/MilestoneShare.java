package org.medledger.apps.care.contract;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * The patient's permission for one organisation (an insurer, a trial's sponsor) to read one
 * milestone: that entry alone, never the record it cites nor the rest of her timeline.
 */
public record MilestoneShare(Hash milestone, Hash patient, String organisation, Hash transactionId, long height, long timestamp) {
  public MilestoneShare {
    Objects.requireNonNull(milestone, "milestone");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  public byte[] encode() {
    return new CanonicalWriter(160).u8(1)
        .fixed(milestone.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(organisation)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH)
        .u64(height)
        .u64(timestamp)
        .toByteArray();
  }

  public static MilestoneShare decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("care.share.format");
    MilestoneShare s = new MilestoneShare(
        Hash.of(r.fixed(Hash.LENGTH, "care.share.milestone")),
        Hash.of(r.fixed(Hash.LENGTH, "care.share.patient")),
        r.string("care.share.organisation", 256),
        Hash.of(r.fixed(Hash.LENGTH, "care.share.transactionId")),
        r.u64("care.share.height"),
        r.u64("care.share.timestamp"));
    r.expectEnd("care milestone share");
    return s;
  }
}
