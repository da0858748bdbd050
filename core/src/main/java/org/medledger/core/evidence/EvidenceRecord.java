package org.medledger.core.evidence;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * A committed piece of evidence: the proof, the validator node that submitted it, and where it
 * was recorded.
 *
 * @param sequence its place among all recorded evidence, from 0
 */
public record EvidenceRecord(Equivocation evidence, Hash submitter, long recordedHeight, Hash transaction, long sequence) {
  public EvidenceRecord {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(submitter, "submitter");
    Objects.requireNonNull(transaction, "transaction");
  }

  /** {@code evidence ‖ hash submitter ‖ u64 recordedHeight ‖ hash transaction ‖ u64 sequence}. */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(500);
    evidence.writeTo(w);
    return w.fixed(submitter.unsafeBytes(), Hash.LENGTH).u64(recordedHeight).fixed(transaction.unsafeBytes(), Hash.LENGTH)
        .u64(sequence).toByteArray();
  }

  public static EvidenceRecord decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    Equivocation e = Equivocation.readFrom(r);
    EvidenceRecord rec = new EvidenceRecord(e, Hash.of(r.fixed(Hash.LENGTH, "record.submitter")), r.u64("record.height"),
        Hash.of(r.fixed(Hash.LENGTH, "record.transaction")), r.u64("record.sequence"));
    r.expectEnd("evidence record");
    return rec;
  }
}
