package org.medledger.apps.insurance.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/**
 * The insurance contract's arguments, each named once with its decoder (docs/format.md,
 * "Insurance"): schedules and claim lines are hex of their canonical encodings, amounts decimal
 * minor units, dates ISO. Every refusal names the argument.
 */
final class InsuranceArgs {
  static final int MAX_CLAIMS_PER_PAYMENT = 100;
  static final Arg<String> PRODUCT = Arg.of("product", "product code", v -> code(v, "product"));
  static final Arg<ProductTerms> TERMS = Arg.encoded("terms", "product terms", ProductTerms::decode);
  static final Arg<Hash> PATIENT = Arg.hash("patient", "a patient id (64 hex)");
  static final Arg<String> START = Arg.text("start");
  static final Arg<String> END = Arg.text("end");
  static final Arg<String> GROUP = Arg.of("group", "group label", InsuranceArgs::group);
  static final Arg<Hash> POLICY = Arg.hash("policy", "a policy id (64 hex)");
  static final Arg<Hash> NEW_HOLDER = Arg.hash("newHolder", "a patient id (64 hex)");
  static final Arg<byte[]> HOLDER_SIGNATURE = Arg.hex("holderSignature");
  static final Arg<String> EFFECTIVE = Arg.text("effective");
  static final Arg<String> CURRENCY = Arg.of("currency", "ISO 4217", v -> Money.currency(v, "currency"));
  static final Arg<List<ClaimLine>> LINES = Arg.encoded("lines", "claim lines", ClaimLine::decode);
  static final Arg<Hash> CLAIM = Arg.hash("claim", "a claim id (64 hex)");
  /** The clinician a hospital's node bills for (the node signs, having hashed the lines itself). */
  static final Arg<Hash> CLINICIAN = Arg.hash("clinician", "a clinician's certificate id (64 hex)");
  static final Arg<String> REASON = Arg.of("reason", "reason text", InsuranceArgs::reason);
  static final Arg<List<Hash>> CLAIMS = Arg.of("claims", "claim ids", InsuranceArgs::claims);
  static final Arg<Long> AMOUNT = Arg.of("amount", "minor units", v -> Money.parse(v, "amount"));
  static final Arg<String> REFERENCE = Arg.of("reference", "bank transfer reference", InsuranceArgs::reference);

  private InsuranceArgs() {}

  static String code(String v, String field) throws ContractException {
    try {
      ProductTerms.requireCode(v, field);
      return v;
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
  }

  private static String group(String v) throws ContractException {
    if (v.length() > 64 || !v.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      throw new ContractException("invalid_argument", "group: up to 64 printable ASCII characters");
    }
    return v;
  }

  private static String reason(String v) throws ContractException {
    if (v.isBlank() || v.length() > 500 || v.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      throw new ContractException("invalid_argument", "reason: 1 to 500 characters of text, without control characters");
    }
    return v;
  }

  private static String reference(String v) throws ContractException {
    if (v.isEmpty() || v.length() > 64 || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new ContractException("invalid_argument", "reference: 1 to 64 printable ASCII characters without spaces");
    }
    return v;
  }

  private static List<Hash> claims(String v) throws ContractException {
    List<Hash> out = new ArrayList<>();
    for (String s : v.split(",", -1)) {
      try {
        out.add(Hash.fromHex(s.strip()));
      } catch (IllegalArgumentException e) {
        throw new ContractException("invalid_argument", "claims: '" + s + "' is not a claim id (64 hex)");
      }
    }
    if (out.isEmpty() || out.size() > MAX_CLAIMS_PER_PAYMENT) {
      throw new ContractException("invalid_argument", "claims: 1 to " + MAX_CLAIMS_PER_PAYMENT + " in one payment");
    }
    if (new TreeSet<>(out).size() != out.size()) {
      throw new ContractException("invalid_argument", "claims: a claim is listed twice");
    }
    return out;
  }
}
