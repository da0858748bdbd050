package org.medledger.apps.insurance.contract;

import org.medledger.crypto.Hash;

/**
 * Where the insurance contract keeps each thing in its namespace ({@code insurance}; docs/format.md,
 * "Insurance"). Consensus bytes: every validator builds the same key for the same thing.
 * Organisation names hold no '/', product codes are [A-Za-z0-9._-], ids are lower-case hex, and
 * numbers in keys are fixed-width hex so keys sort in number order.
 */
final class InsuranceKeys {
  private InsuranceKeys() {}

  /** The latest version number of a product (u32). */
  static String product(String insurer, String code) {
    return "product/" + insurer + "/" + code;
  }

  /** One published version of a product's schedule ({@link ProductTerms}); versions are never overwritten. */
  static String productVersion(String insurer, String code, int version) {
    return "product/" + insurer + "/" + code + "/" + String.format("%08x", version);
  }

  static String policy(Hash id) {
    return "policy/" + id.hex();
  }

  /** One change of a policy ({@link PolicyChange}), by the policy's version after it. */
  static String policyHistory(Hash id, int version) {
    return "policy-history/" + id.hex() + "/" + String.format("%08x", version);
  }

  static String claim(Hash id) {
    return "claim/" + id.hex();
  }

  /** Index: the claims of a policy (value: one byte). */
  static String policyClaim(Hash policy, Hash claim) {
    return "policy-claim/" + policy.hex() + "/" + claim.hex();
  }

  static String usage(Hash policy, int year) {
    return "usage/" + policy.hex() + "/" + String.format("%08x", year);
  }

  static String paidLine(Hash lineHash) {
    return "paid-line/" + lineHash.hex();
  }

  static String payment(Hash id) {
    return "payment/" + id.hex();
  }
}
