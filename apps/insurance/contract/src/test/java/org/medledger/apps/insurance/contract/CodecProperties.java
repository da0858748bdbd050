package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/** Every insurance codec round-trips (a claim's standing read alone agrees), and damaged bytes are refused as a DecodeException, never anything else. */
class CodecProperties {
  static ProductTerms terms(long deductible, int bps, int waiting) {
    return new ProductTerms("CNY", deductible, bps, deductible * 3, waiting, List.of(
        new Benefit("inpatient", new TreeSet<>(Set.of("A1", "B2")), deductible / 2), new Benefit("surgery", new TreeSet<>(), 0)),
        new TreeSet<>(Set.of("X9")), new TreeSet<>(), deductible, 1 + waiting % 100);
  }

  static List<ClaimLine> lines(int n, long unit) {
    Hash patient = Hash.of(new byte[32]);
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> new ClaimLine("inpatient", "A" + i, 1 + i, unit, "2027-05-0"
        + (1 + i % 9), "hospital-a", Fixtures.line(patient, "hospital-a", "inpatient", "A" + i, 1, 1, "2027-05-01").lineHash(),
        i % 2 == 0 ? List.of() : List.of(Hash.of(new byte[32])))).toList();
  }

  @Test
  void productTermsRoundTripAndDamageIsRefusedCleanly() {
    qt().withExamples(300).forAll(longs().between(0, Long.MAX_VALUE / 4), integers().between(0, 10_000),
        integers().between(0, 3_650), integers().between(0, 400)).checkAssert((d, bps, w, cut) -> {
          ProductTerms t = terms(d, bps, w);
          byte[] bytes = t.encode();
          assertThat(ProductTerms.decode(bytes)).isEqualTo(t);
          damaged(bytes, cut, ProductTerms::decode);
        });
  }

  @Test
  void claimsAndTheirLinesRoundTripAndDamageIsRefusedCleanly() {
    qt().withExamples(200).forAll(integers().between(1, ClaimLine.MAX_LINES), longs().between(0, 1L << 40),
        integers().between(0, 4_000)).checkAssert((n, unit, cut) -> {
          List<ClaimLine> lines = lines(n, unit);
          assertThat(ClaimLine.decode(ClaimLine.encode(lines))).isEqualTo(lines);
          List<LineResult> results = lines.stream().map(l -> LineResult.notCovered(LineReason.EXCLUDED, l.billed(), 0)).toList();
          Claim c = new Claim(Hash.of(new byte[32]), Hash.of(new byte[32]), "insurer-" + n, Hash.of(new byte[32]), "hospital-a",
              Hash.of(new byte[32]), "CNY", lines, new Adjudication(results), ClaimStatus.values()[n % 6], 5, 6, "p", "d",
              Hash.ZERO);
          byte[] bytes = c.encode();
          assertThat(Claim.decode(bytes)).isEqualTo(c);
          // The standing a queue reads without decoding the lines is the decoded claim's.
          assertThat(ClaimStanding.of(bytes)).isEqualTo(new ClaimStanding(c.insurer(), c.status()));
          damaged(bytes, cut, Claim::decode);
          damaged(ClaimLine.encode(lines), cut, ClaimLine::decode);
        });
  }

  @Test
  void policiesRoundTripAndDamageIsRefusedCleanly() {
    qt().withExamples(200).forAll(lists().of(integers().between(1, 400)).ofSizeBetween(1, 20), integers().between(0, 300))
        .checkAssert((lengths, cut) -> {
          java.util.ArrayList<PolicyTerm> terms = new java.util.ArrayList<>();
          long start = 20_000;
          for (int len : lengths) {
            terms.add(new PolicyTerm(start, start + len, 1 + len % 3));
            start += len;
          }
          Policy p = new Policy(Hash.of(new byte[32]), "insurer-a", "basic", Hash.of(new byte[32]), Hash.of(new byte[32]),
              "group", terms, PolicyStatus.values()[cut % 2], cut, lengths.size());
          byte[] bytes = p.encode();
          assertThat(Policy.decode(bytes)).isEqualTo(p);
          damaged(bytes, cut, Policy::decode);
        });
  }

  /** Truncated or with one byte flipped: decoded to some value or refused as DecodeException, nothing else. */
  private static void damaged(byte[] bytes, int at, java.util.function.Function<byte[], ?> decoder) {
    byte[] truncated = java.util.Arrays.copyOf(bytes, at % bytes.length);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.apply(truncated)).isInstanceOf(DecodeException.class);
    byte[] flipped = bytes.clone();
    flipped[at % bytes.length] ^= (byte) 0x5a;
    try {
      decoder.apply(flipped);
    } catch (DecodeException e) {
      // refused cleanly
    }
  }
}
