package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * One billed line of a claim (FHIR {@code Claim.item}): the service's category and code, how many
 * units at what unit amount (minor units of the claim's currency), the ISO date of service, the
 * organisation that rendered it, its {@link LineHash} and the ids of the patient's records on the
 * ledger that evidence it.
 */
public record ClaimLine(
    String category,
    String code,
    int quantity,
    long unitAmount,
    String dateOfService,
    String provider,
    Hash lineHash,
    List<Hash> evidence) {
  static final String TAG = "medledger/insurance/lines/v1";
  public static final int MAX_LINES = 50;
  public static final int MAX_QUANTITY = 10_000;
  static final int MAX_EVIDENCE = 16;

  public ClaimLine {
    Objects.requireNonNull(lineHash, "lineHash");
    ProductTerms.requireCode(category, "category");
    ProductTerms.requireCode(code, "service code");
    Objects.requireNonNull(dateOfService, "dateOfService");
    Objects.requireNonNull(provider, "provider");
    if (provider.isEmpty() || provider.length() > 64) {
      throw new IllegalArgumentException("provider must name the rendering organisation (1-64 characters)");
    }
    evidence = List.copyOf(evidence);
    if (evidence.size() > MAX_EVIDENCE) {
      throw new IllegalArgumentException("a line cites at most " + MAX_EVIDENCE + " records");
    }
    if (quantity < 1 || quantity > MAX_QUANTITY) {
      throw new IllegalArgumentException("quantity must lie in 1.." + MAX_QUANTITY + ", not " + quantity);
    }
    if (unitAmount < 0) {
      throw new IllegalArgumentException("unitAmount is negative (" + unitAmount + "): amounts are minor units from 0");
    }
  }

  /** Quantity × unit amount, overflow-checked. */
  public long billed() {
    return Math.multiplyExact(unitAmount, (long) quantity);
  }

  public static byte[] encode(List<ClaimLine> lines) {
    CanonicalWriter w = new CanonicalWriter(128 * Math.max(1, lines.size())).string(TAG).u32(lines.size());
    for (ClaimLine l : lines) {
      w.string(l.category).string(l.code).u32(l.quantity).u64(l.unitAmount).string(l.dateOfService).string(l.provider)
          .fixed(l.lineHash.unsafeBytes(), Hash.LENGTH).u32(l.evidence.size());
      l.evidence.forEach(e -> w.fixed(e.unsafeBytes(), Hash.LENGTH));
    }
    return w.toByteArray();
  }

  /** Decodes 1 to {@value #MAX_LINES} lines, naming the line and field that is wrong. */
  public static List<ClaimLine> decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    String tag = r.string("lines.tag", 64);
    if (!TAG.equals(tag)) {
      throw new DecodeException("lines.tag: expected '" + TAG + "', got '" + tag + "'");
    }
    int n = r.count("lines", MAX_LINES);
    if (n == 0) {
      throw new DecodeException("lines: a claim bills at least one line");
    }
    List<ClaimLine> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String at = "line " + (i + 1);
      try {
        String category = r.string(at + ".category", 32);
        String code = r.string(at + ".code", 32);
        int quantity = r.u32(at + ".quantity");
        long unit = r.u64(at + ".unitAmount");
        String date = r.string(at + ".dateOfService", 10);
        String provider = r.string(at + ".provider", 64);
        Hash hash = Hash.of(r.fixed(Hash.LENGTH, at + ".lineHash"));
        int k = r.count(at + ".evidence", MAX_EVIDENCE);
        List<Hash> evidence = new ArrayList<>();
        for (int j = 0; j < k; j++) {
          evidence.add(Hash.of(r.fixed(Hash.LENGTH, at + ".evidence")));
        }
        out.add(new ClaimLine(category, code, quantity, unit, date, provider, hash, evidence));
      } catch (IllegalArgumentException e) {
        throw new DecodeException(at + ": " + e.getMessage());
      }
    }
    r.expectEnd("lines");
    if (!Arrays.equals(encode(out), bytes)) {
      throw new DecodeException("lines: not in canonical form");
    }
    return out;
  }
}
