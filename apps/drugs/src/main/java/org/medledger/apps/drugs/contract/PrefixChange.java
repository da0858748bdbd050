package org.medledger.apps.drugs.contract;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * One regulator act on a GS1 company prefix: its first recording ({@code from} empty) or a
 * transfer from one organisation to another. The latest act names the owner; every act stays in
 * the prefix's history.
 *
 * @param regulator the organisation of the regulator that recorded the act
 * @param transactionId the transaction that recorded it (hex)
 */
public record PrefixChange(String prefix, String from, String to, String regulator, String reason, long height, long time,
    String transactionId) {
  public enum Kind { RECORDED, TRANSFERRED }

  public PrefixChange {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(regulator, "regulator");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(transactionId, "transactionId");
  }

  public Kind kind() {
    return from.isEmpty() ? Kind.RECORDED : Kind.TRANSFERRED;
  }

  /** The organisation owning the prefix after this act. */
  public String owner() {
    return to;
  }

  public byte[] encode() {
    return new CanonicalWriter(128).u8(1).string(prefix).string(from).string(to).string(regulator).string(reason).u64(height)
        .u64(time).string(transactionId).toByteArray();
  }

  public static PrefixChange decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("prefix.version");
    if (version != 1) {
      throw new DecodeException("prefix.version: " + version + " is not 1");
    }
    PrefixChange c = new PrefixChange(r.string("prefix.prefix", CompanyPrefixes.MAX_DIGITS), r.string("prefix.from", 256),
        r.string("prefix.to", 256), r.string("prefix.regulator", 256), r.string("prefix.reason", DrugText.MAX_REASON_BYTES),
        r.u64("prefix.height"), r.u64("prefix.time"), r.string("prefix.tx", 128));
    r.expectEnd("prefix");
    return c;
  }
}
