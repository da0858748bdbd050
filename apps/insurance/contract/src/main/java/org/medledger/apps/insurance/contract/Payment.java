package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;

/**
 * A recorded payment (FHIR {@code PaymentReconciliation}): the insurer's bank transfer {@code
 * reference} of {@code amount} to {@code payee} covering {@code claims}. {@code fixed 32 id ‖ string
 * insurer ‖ string payee ‖ string currency ‖ u64 amount ‖ u32 n ‖ n × fixed 32 claim ‖ string
 * reference ‖ u64 height ‖ u64 timestamp}.
 */
public record Payment(Hash id, String insurer, String payee, String currency, long amount, List<Hash> claims,
    String reference, long height, long timestamp) {
  public Payment {
    claims = List.copyOf(claims);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(128 + 32 * claims.size()).fixed(id.unsafeBytes(), Hash.LENGTH).string(insurer)
        .string(payee).string(currency).u64(amount).u32(claims.size());
    claims.forEach(c -> w.fixed(c.unsafeBytes(), Hash.LENGTH));
    return w.string(reference).u64(height).u64(timestamp).toByteArray();
  }

  public static Payment decode(byte[] b) {
    CanonicalReader r = new CanonicalReader(b);
    Hash id = Hash.of(r.fixed(Hash.LENGTH, "payment.id"));
    String insurer = r.string("payment.insurer", 256);
    String payee = r.string("payment.payee", 256);
    String currency = r.string("payment.currency", 8);
    long amount = r.u64("payment.amount");
    int n = r.count("payment.claims", InsuranceArgs.MAX_CLAIMS_PER_PAYMENT);
    List<Hash> claims = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      claims.add(Hash.of(r.fixed(Hash.LENGTH, "payment.claim")));
    }
    Payment p = new Payment(id, insurer, payee, currency, amount, claims, r.string("payment.reference", 64),
        r.u64("payment.height"), r.u64("payment.timestamp"));
    r.expectEnd("payment");
    return p;
  }
}
