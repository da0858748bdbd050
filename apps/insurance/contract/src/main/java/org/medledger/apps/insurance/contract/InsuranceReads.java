package org.medledger.apps.insurance.contract;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * Reads of the insurance contract's committed state, for the node's routes and FHIR resources and
 * for offline checks: what a state receipt of the same key would prove.
 */
public final class InsuranceReads {
  private InsuranceReads() {}

  public static Optional<Claim> claim(StateReader state, Hash id) {
    return read(state, InsuranceKeys.claim(id)).map(Claim::decode);
  }

  /** The full state key of a claim: what its state receipt (and its EOB receipt) proves. */
  public static byte[] claimKey(Hash id) {
    return StateKeys.of(InsuranceContract.NAME, InsuranceKeys.claim(id));
  }

  public static Optional<Policy> policy(StateReader state, Hash id) {
    return read(state, InsuranceKeys.policy(id)).map(Policy::decode);
  }

  public static Optional<Payment> payment(StateReader state, Hash id) {
    return read(state, InsuranceKeys.payment(id)).map(Payment::decode);
  }

  public static PaidLine paidLine(StateReader state, Hash lineHash) {
    return read(state, InsuranceKeys.paidLine(lineHash)).map(PaidLine::decode).orElse(PaidLine.NONE);
  }

  public static YearUsage usage(StateReader state, Hash policy, int year) {
    return read(state, InsuranceKeys.usage(policy, year)).map(YearUsage::decode).orElse(YearUsage.NONE);
  }

  /** The latest published version of a product, with its number. */
  public static Optional<ProductTerms> product(StateReader state, String insurer, String code, int version) {
    return read(state, InsuranceKeys.productVersion(insurer, code, version)).map(ProductTerms::decode);
  }

  public static int latestProductVersion(StateReader state, String insurer, String code) {
    return read(state, InsuranceKeys.product(insurer, code)).map(b -> ByteBuffer.wrap(b).getInt()).orElse(0);
  }

  /** A policy's history, oldest first. */
  public static List<PolicyChange> history(StateReader state, Hash policy) {
    List<PolicyChange> out = new ArrayList<>();
    state.scan(StateKeys.of(InsuranceContract.NAME, "policy-history/" + policy.hex() + "/"), (k, v) -> {
      out.add(PolicyChange.decode(v));
      return true;
    });
    return out;
  }

  /** Every claim, in id order (a node filters them by who may see them). */
  public static List<Claim> claims(StateReader state) {
    List<Claim> out = new ArrayList<>();
    state.scan(StateKeys.of(InsuranceContract.NAME, "claim/"), (k, v) -> out.add(Claim.decode(v)));
    return out;
  }

  /** Every recorded payment, in id order. */
  public static List<Payment> payments(StateReader state) {
    List<Payment> out = new ArrayList<>();
    state.scan(StateKeys.of(InsuranceContract.NAME, "payment/"), (k, v) -> out.add(Payment.decode(v)));
    return out;
  }

  /**
   * Every product's latest version, in key order (insurer, then code); of one insurer when {@code insurer} is not
   * null. The latest-version pointer ({@code product/<insurer>/<code>}) has one '/' less than a version's key.
   */
  public static List<PublishedProduct> products(StateReader state, String insurer) {
    String prefix = "product/" + (insurer == null ? "" : insurer + "/");
    List<String[]> latest = new ArrayList<>();
    state.scan(StateKeys.of(InsuranceContract.NAME, prefix), (k, v) -> {
      String[] parts = StateKeys.localKey(InsuranceContract.NAME, k).split("/", -1);
      if (parts.length == 3) {
        latest.add(new String[] {parts[1], parts[2]});
      }
      return true;
    });
    List<PublishedProduct> out = new ArrayList<>();
    for (String[] p : latest) {
      int version = latestProductVersion(state, p[0], p[1]);
      product(state, p[0], p[1], version).ifPresent(t -> out.add(new PublishedProduct(p[0], p[1], version, t)));
    }
    return out;
  }

  /** Every policy, in id order. */
  public static List<Policy> policies(StateReader state) {
    List<Policy> out = new ArrayList<>();
    state.scan(StateKeys.of(InsuranceContract.NAME, "policy/"), (k, v) -> out.add(Policy.decode(v)));
    return out;
  }

  private static Optional<byte[]> read(StateReader state, String key) {
    return Optional.ofNullable(state.get(StateKeys.of(InsuranceContract.NAME, key)));
  }
}
