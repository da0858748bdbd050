package org.medledger.apps.insurance.contract;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.fuzz.Canonical;

/**
 * The insurance contract's binary codecs. A claim's lines and a product's schedule arrive as
 * transaction arguments (hex of these bytes) that every validator decodes; a claim and a policy
 * are state records, and a claim's bytes are also what an EOB receipt proves and the offline
 * verifier decodes. Each input is refused with a {@link DecodeException} (what the contract maps
 * to a failed outcome) or decoded to a value that encodes back to the same bytes: a second
 * encoding of one claim would give it a second id.
 */
class InsuranceCodecFuzzTest {
  @FuzzTest
  void claimLines(byte[] input) {
    List<ClaimLine> lines;
    try {
      lines = ClaimLine.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("ClaimLine.decode then encode", input, ClaimLine.encode(lines));
  }

  @FuzzTest
  void productTerms(byte[] input) {
    ProductTerms terms;
    try {
      terms = ProductTerms.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("ProductTerms.decode then encode", input, terms.encode());
  }

  @FuzzTest
  void claim(byte[] input) {
    Claim claim;
    try {
      claim = Claim.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("Claim.decode then encode", input, claim.encode());
  }

  @FuzzTest
  void policy(byte[] input) {
    Policy policy;
    try {
      policy = Policy.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("Policy.decode then encode", input, policy.encode());
  }

  /** Made by the real encoders: the demo's kind of product, a discharge bill, its claim, a renewed policy. */
  static Map<String, List<byte[]>> seeds() {
    ProductTerms product = new ProductTerms("EUR", 10_000, 2_000, 1_000_000, 30, List.of(
        new Benefit("inpatient", new TreeSet<>(), 0),
        new Benefit("outpatient", new TreeSet<>(Set.of("99213", "99214")), 50_000),
        new Benefit("surgery", new TreeSet<>(), 0)),
        new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(Set.of("TRANSPLANT")), 500_000, 72);
    Hash patient = hash("patient-1");
    List<ClaimLine> lines = List.of(
        new ClaimLine("inpatient", "WARD-DAY", 3, 20_000, "2027-03-10", "hospital-a", hash("line 1"), List.of()),
        new ClaimLine("outpatient", "99213", 1, 60_000, "2027-03-10", "hospital-a", hash("line 2"), List.of(hash("record"))),
        new ClaimLine("surgery", "COSMETIC-01", 1, 100_000, "2027-03-11", "hospital-a", hash("line 3"), List.of()));
    List<LineResult> results = lines.stream().map(l -> LineResult.notCovered(LineReason.EXCLUDED, l.billed(), 0)).toList();
    Claim claim = new Claim(hash("claim"), hash("policy"), "insurer", patient, "hospital-a", hash("clinician"), "EUR", lines,
        new Adjudication(results), ClaimStatus.ADJUDICATED, 5, 6, "", "", Hash.ZERO);
    Policy policy = new Policy(hash("policy"), "insurer", "hospital-cover", hash("product"), patient, "group-1",
        List.of(new PolicyTerm(20_000, 20_365, 1), new PolicyTerm(20_365, 20_730, 2)), PolicyStatus.values()[0], 7, 2);
    return Map.of(
        "claimLines", List.of(ClaimLine.encode(lines), ClaimLine.encode(lines.subList(0, 1))),
        "productTerms", List.of(product.encode()),
        "claim", List.of(claim.encode()),
        "policy", List.of(policy.encode()));
  }

  private static Hash hash(String s) {
    return Hash.of(CryptoSuites.intl().hash().hash(s.getBytes(StandardCharsets.UTF_8)));
  }
}
