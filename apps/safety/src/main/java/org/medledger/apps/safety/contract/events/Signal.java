package org.medledger.apps.safety.contract.events;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * A signal the ledger raised: the report {@code caseId} made the count of reports against
 * {@code subject} (a lot, {@code gtin/lot}, or a device model) reach the regulator's
 * {@code threshold}. Raised once per subject and threshold; a later, different threshold raises
 * its own.
 */
public record Signal(String kind, String subject, long count, long threshold, String caseId, long height, long time) {
  public byte[] encode() {
    return new CanonicalWriter(192).u8(1).string(kind).string(subject).u64(count).u64(threshold).string(caseId).u64(height)
        .u64(time).toByteArray();
  }

  public static Signal decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("signal.version");
    if (version != 1) {
      throw new DecodeException("signal.version: " + version + " is not 1");
    }
    Signal s = new Signal(r.string("signal.kind", 16), r.string("signal.subject", 512), r.u64("signal.count"),
        r.u64("signal.threshold"), r.string("signal.case", 64), r.u64("signal.height"), r.u64("signal.time"));
    r.expectEnd("signal");
    return s;
  }
}
