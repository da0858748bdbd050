package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.InsuranceContract;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.api.ApiError;
import org.medledger.node.auth.Identity;
import org.medledger.node.ordering.NodeTransactions;

/**
 * What a hospital's and an insurer's node do with the network's line-hash salt around a claim
 * (docs/insurance.md, "The line hash"): the hospital's node turns its clinician's lines into a
 * claim, computing each line's hash itself (the client never supplies one) and signing it naming
 * the clinician; the insurer's node refuses to pay a claim whose lines do not carry the hashes
 * their own fields give, which catches a claim a hospital signed itself with invented hashes.
 */
public final class ClaimBilling {
  private final LineHashSalt salt;
  private final NodeTransactions transactions;
  private final String organisation;

  ClaimBilling(LineHashSalt salt, NodeTransactions transactions, String organisation) {
    this.salt = salt;
    this.transactions = transactions;
    this.organisation = organisation;
  }

  /**
   * The claim transaction for {@code body} ({@code policy}, {@code currency}, {@code lines}: each
   * {@code category}, {@code code}, {@code quantity}, {@code unitAmount}, {@code dateOfService},
   * optional {@code evidence} record hashes), signed by this node for {@code clinician}. The
   * rendering provider is this node's organisation; the patient is the policy's insured.
   */
  Transaction claim(StateReader state, Identity clinician, JsonNode body) {
    Hash policyId = hash(body, "policy");
    Policy policy = InsuranceReads.policy(state, policyId)
        .orElseThrow(() -> ApiError.badRequest("policy: no policy " + policyId.hex()));
    String currency = InsuranceJson.text(body, "currency");
    JsonNode lines = body.get("lines");
    if (lines == null || !lines.isArray() || lines.isEmpty()) {
      throw ApiError.badRequest("lines: an array of 1 to " + ClaimLine.MAX_LINES + " claim lines is required");
    }
    if (lines.size() > ClaimLine.MAX_LINES) {
      throw ApiError.badRequest("lines: at most " + ClaimLine.MAX_LINES + " lines, not " + lines.size());
    }
    List<ClaimLine> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      out.add(line(lines.get(i), "lines[" + i + "]", policy.insured()));
    }
    return transactions.sign(InsuranceContract.NAME, "submitClaim", "policy", policyId.hex(), "currency", currency,
        "lines", Hex.encode(ClaimLine.encode(out)), "clinician", clinician.certificateId().hex());
  }

  private ClaimLine line(JsonNode n, String at, Hash patient) {
    if (n == null || !n.isObject()) {
      throw ApiError.badRequest(at + ": a claim line is an object");
    }
    if (n.has("lineHash")) {
      throw ApiError.badRequest(at + ".lineHash: the node computes each line's hash; do not send one");
    }
    String category = InsuranceJson.text(n, "category", at);
    String code = InsuranceJson.text(n, "code", at);
    String date = InsuranceJson.text(n, "dateOfService", at);
    int quantity = (int) InsuranceJson.whole(n, "quantity", at, 1, ClaimLine.MAX_QUANTITY);
    long unitAmount = InsuranceJson.whole(n, "unitAmount", at, 0, Long.MAX_VALUE);
    List<Hash> evidence = new ArrayList<>();
    JsonNode ev = n.get("evidence");
    if (ev != null && !ev.isNull()) {
      if (!ev.isArray()) {
        throw ApiError.badRequest(at + ".evidence: an array of record hashes");
      }
      for (int j = 0; j < ev.size(); j++) {
        evidence.add(InsuranceJson.parseHash(ev.get(j).asText(), at + ".evidence[" + j + "]"));
      }
    }
    try {
      return new ClaimLine(category, code, quantity, unitAmount, date, organisation,
          salt.lineHash(patient, organisation, date, code), evidence);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ApiError.badRequest(at + ": " + e.getMessage());
    }
  }

  /**
   * Refuses, naming the claims and lines, a payment of any claim whose lines' hashes are not
   * those their own patient, provider, date and code give under the network's salt.
   */
  public void requireHonestLineHashes(StateReader state, List<Hash> claims) {
    List<String> bad = new ArrayList<>();
    for (Hash id : claims) {
      Optional<Claim> c = InsuranceReads.claim(state, id);
      if (c.isEmpty()) {
        // Unchecked is unpaid: a claim this validator has not committed yet may be by the time
        // the payment is ordered, and its lines would then go unchecked.
        throw new ApiError(409, "unknown_claim", "claim " + id.hex() + " is not on this node's ledger (yet): its lines"
            + " cannot be checked, so this node will not submit the payment");
      }
      List<Integer> lines = salt.mismatchedLines(c.get());
      if (!lines.isEmpty()) {
        bad.add("claim " + id.hex() + " line" + (lines.size() == 1 ? " " : "s ") + joined(lines));
      }
    }
    if (!bad.isEmpty()) {
      throw new ApiError(422, "line_hash_mismatch", String.join("; ", bad) + ": the line hash is not the one its own"
          + " patient, provider, date of service and code give under the network's salt (a service billed under an"
          + " invented hash could be paid twice); this node will not submit the payment");
    }
  }

  private static String joined(List<Integer> lines) {
    List<String> s = new ArrayList<>();
    lines.forEach(l -> s.add(String.valueOf(l)));
    return String.join(", ", s);
  }

  private static Hash hash(JsonNode body, String field) {
    return InsuranceJson.parseHash(InsuranceJson.text(body, field), field);
  }
}
