package org.medledger.apps.trials.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One discrepancy between a trial's submitted results and its pre-specified outcomes, in the
 * style of COMPare: public state, so anyone can fetch it with a state receipt.
 */
public record OutcomeFlag(String trialId, int number, String kind, String outcomeId, String detail, Hash transactionId, long height) {
  /** A pre-specified outcome the results do not report. */
  public static final String NOT_REPORTED = "not_reported";
  /** A reported outcome that was not pre-specified (added after the first participant enrolled). */
  public static final String ADDED = "added";
  /** A reported outcome whose measure or time frame differs from every registered version's. */
  public static final String CHANGED_UNDECLARED = "changed_undeclared";

  public byte[] encode() {
    return new CanonicalWriter(256).u8(1).string(trialId).u32(number).string(kind).string(outcomeId).string(detail)
        .fixed(transactionId.unsafeBytes(), Hash.LENGTH).u64(height).toByteArray();
  }

  public static OutcomeFlag decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("flag.format");
    OutcomeFlag f = new OutcomeFlag(r.string("flag.trialId", 64), r.u32("flag.number"), r.string("flag.kind", 32),
        r.string("flag.outcomeId", 32), r.string("flag.detail", 4_096), Hash.of(r.fixed(Hash.LENGTH, "flag.transactionId")),
        r.u64("flag.height"));
    r.expectEnd("outcome flag");
    return f;
  }
}
