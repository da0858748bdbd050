package org.medledger.apps.insurance.contract;

import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * One entry of a policy's history (issued, transferred, renewed, cancelled), kept under its own
 * state key so a state receipt proves it: {@code string kind ‖ u64 height ‖ u64 timestamp ‖ string
 * organisation ‖ fixed 32 certificate ‖ fixed 32 transaction ‖ string detail}.
 */
public record PolicyChange(String kind, long height, long timestamp, String organisation, Hash certificate, Hash transaction,
    String detail) {
  public PolicyChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  public byte[] encode() {
    return new CanonicalWriter(192).string(kind).u64(height).u64(timestamp).string(organisation)
        .fixed(certificate.unsafeBytes(), Hash.LENGTH).fixed(transaction.unsafeBytes(), Hash.LENGTH).string(detail)
        .toByteArray();
  }

  public static PolicyChange decode(byte[] b) {
    CanonicalReader r = new CanonicalReader(b);
    PolicyChange c = new PolicyChange(r.string("change.kind", 32), r.u64("change.height"), r.u64("change.timestamp"),
        r.string("change.organisation", 256), Hash.of(r.fixed(Hash.LENGTH, "change.certificate")),
        Hash.of(r.fixed(Hash.LENGTH, "change.transaction")), r.string("change.detail", 512));
    r.expectEnd("policy change");
    return c;
  }
}
