package org.medledger.apps.care.contract;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * The patient's permission for one organisation (an insurer, a trial's sponsor) to read one
 * milestone: that entry alone, never the record it cites nor the rest of her timeline. It lasts
 * until she revokes it (the entry is then gone) or, when she set one, until block time {@code
 * until} (epoch milliseconds; {@link #NO_END} for none): the ledger's time decides, never a
 * reader's clock.
 */
public record MilestoneShare(Hash milestone, Hash patient, String organisation, Hash transactionId, long height, long timestamp,
    long until) {
  /** A share without an end: it lasts until she revokes it. */
  public static final long NO_END = 0;

  public MilestoneShare {
    Objects.requireNonNull(milestone, "milestone");
    Objects.requireNonNull(patient, "patient");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  /** Whether the share still lets its organisation read the milestone at block time {@code blockTime}. */
  public boolean inForceAt(long blockTime) {
    return until == NO_END || blockTime < until;
  }

  public byte[] encode() {
    return new CanonicalWriter(168).u8(2)
        .fixed(milestone.unsafeBytes(), Hash.LENGTH)
        .fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(organisation)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH)
        .u64(height)
        .u64(timestamp)
        .u64(until)
        .toByteArray();
  }

  public static MilestoneShare decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    // Format 1 (before shares could end) had no end time: it lasts until revoked.
    int format = r.u8("care.share.format");
    if (format != 1 && format != 2) {
      throw new org.medledger.core.codec.DecodeException("care milestone share: unknown format " + format);
    }
    MilestoneShare s = new MilestoneShare(
        Hash.of(r.fixed(Hash.LENGTH, "care.share.milestone")),
        Hash.of(r.fixed(Hash.LENGTH, "care.share.patient")),
        r.string("care.share.organisation", 256),
        Hash.of(r.fixed(Hash.LENGTH, "care.share.transactionId")),
        r.u64("care.share.height"),
        r.u64("care.share.timestamp"),
        format == 1 ? NO_END : r.u64("care.share.until"));
    r.expectEnd("care milestone share");
    return s;
  }
}
