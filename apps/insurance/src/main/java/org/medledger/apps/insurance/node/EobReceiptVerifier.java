package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.Iterator;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.InsuranceReads;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.application.ReceiptKind;

/**
 * Checks an {@link EobReceipt} offline with the genesis alone: the state receipt inside verifies
 * (proof, header, a quorum's seals; docs/receipts.md), it proves the key of the claim the receipt
 * names and that key holds a claim, and every figure is what that proven claim says. A figure
 * changed, added or dropped fails naming the line and field; a verified receipt prints the
 * figures in plain words.
 */
final class EobReceiptVerifier implements ReceiptKind {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String kind() {
    return EobReceipt.KIND;
  }

  @Override
  public Verification verify(JsonNode receipt, Genesis genesis) {
    JsonNode state = receipt.get("stateReceipt");
    if (state == null || !state.isObject() || !"state".equals(state.path("kind").asText())) {
      return new Verification.Failed("format", "the EOB receipt carries no 'stateReceipt' (a state receipt of the claim)");
    }
    Verification proven = new ReceiptVerifier(genesis).verify(state);
    if (proven instanceof Verification.Failed f) {
      return new Verification.Failed("stateReceipt." + f.check(), f.reason());
    }
    Hash id;
    try {
      id = Hash.fromHex(receipt.path("claim").asText(""));
    } catch (IllegalArgumentException e) {
      return new Verification.Failed("claim", "'claim' is not a claim id (64 hex): " + e.getMessage());
    }
    byte[] key = Hex.decode(state.get("key").asText());
    if (!Arrays.equals(key, InsuranceReads.claimKey(id))) {
      return new Verification.Failed("claim", "the state receipt proves key " + Hex.encode(key) + ", not the record of claim "
          + id.hex());
    }
    if (!state.path("present").asBoolean()) {
      return new Verification.Failed("claim", "the ledger held no claim " + id.hex() + " after block "
          + state.path("signedHeader").path("height").asText());
    }
    Claim claim;
    try {
      claim = Claim.decode(Hex.decode(state.get("value").asText()));
    } catch (DecodeException e) {
      return new Verification.Failed("claim", "the proven value is not a claim record: " + e.getMessage());
    }
    JsonNode want;
    try {
      // Through bytes, as the receipt was read: numbers compare as the same node types.
      want = JSON.readTree(JSON.writeValueAsBytes(EobFigures.of(claim)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    JsonNode got = receipt.get("figures");
    if (!want.equals(got)) {
      return new Verification.Failed("figures", difference(want, got, "figures"));
    }
    for (Iterator<String> it = receipt.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("kind") && !f.equals("claim") && !f.equals("figures") && !f.equals("stateReceipt")) {
        return new Verification.Failed("document", "field '" + f + "' is not part of an EOB receipt");
      }
    }
    return new Verification.Verified(summary(claim, state, ((Verification.Verified) proven).summary()));
  }

  /** The first field that differs, in a person's words: "line 2 paidByInsurer: the receipt says …, the ledger's claim …". */
  private static String difference(JsonNode want, JsonNode got, String at) {
    if (want.isObject() && got != null && got.isObject()) {
      for (Iterator<String> it = want.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!want.get(f).equals(got.get(f))) {
          return difference(want.get(f), got.get(f), at + "." + f);
        }
      }
      for (Iterator<String> it = got.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!want.has(f)) {
          return named(at + "." + f) + ": the receipt adds a field the ledger's claim does not have";
        }
      }
    }
    if (want.isArray() && got != null && got.isArray() && want.size() == got.size()) {
      for (int i = 0; i < want.size(); i++) {
        if (!want.get(i).equals(got.get(i))) {
          return difference(want.get(i), got.get(i), at + "[" + i + "]");
        }
      }
    }
    return named(at) + ": the receipt says " + (got == null ? "nothing" : got.toString()) + ", the claim the ledger holds says "
        + want;
  }

  /** {@code figures.lines[1].paidByInsurer} as "line 2 paidByInsurer (figures.lines[1].paidByInsurer)". */
  private static String named(String path) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^figures\\.lines\\[(\\d+)]\\.(\\w+)$").matcher(path);
    if (m.matches()) {
      return "line " + (Integer.parseInt(m.group(1)) + 1) + " " + m.group(2) + " (" + path + ")";
    }
    return path;
  }

  private static String summary(Claim c, JsonNode state, String proven) {
    StringBuilder s = new StringBuilder("explanation of benefit of claim " + c.id().hex() + ": " + c.status().wireName()
        + (c.payment().equals(Hash.ZERO) ? "" : " (payment " + c.payment().hex() + ")") + ", insurer " + c.insurer()
        + ", billed by " + c.submitter() + "; the claim's record as it stood " + proven.substring(proven.indexOf("after block ")));
    String cur = c.currency();
    for (int i = 0; i < c.lines().size(); i++) {
      var l = c.lines().get(i);
      var r = c.adjudication().lines().get(i);
      s.append(System.lineSeparator()).append("  line ").append(i + 1).append(' ').append(l.code()).append(" on ")
          .append(l.dateOfService()).append(": ").append(r.reason().covered() ? "covered" : "not covered")
          .append(r.reason().wireName().equals("covered") ? "" : " (" + r.reason().wireName() + ")").append("; billed ").append(InsuranceViews.amount(r.billed(), cur))
          .append(", paid by insurer ").append(InsuranceViews.amount(r.insurerPays(), cur));
      if (r.otherPayer() != 0) {
        s.append(", paid by other insurers ").append(InsuranceViews.amount(r.otherPayer(), cur));
      }
      s.append(", you owe ").append(InsuranceViews.amount(r.patientOwes(), cur));
    }
    s.append(System.lineSeparator()).append("  total: ").append(EobFigures.inWords(c.adjudication(), cur));
    return s.toString();
  }
}
