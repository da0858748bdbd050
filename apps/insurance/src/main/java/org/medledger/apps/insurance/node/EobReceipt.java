package org.medledger.apps.insurance.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.governance.ValidatorTransitionProof;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.smt.StateProof;

/**
 * A patient's explanation of benefit as a receipt (issue 15, item 5; docs/insurance.md, "EOB
 * receipt"): the platform's state receipt of the claim record (its value, the state proof to the
 * header's state root, the header and its commit certificate; docs/receipts.md) and the EOB
 * figures read from that value. Self-contained: {@code medledger verify} checks it with the
 * genesis alone ({@link EobReceiptVerifier}).
 */
public final class EobReceipt {
  static final String KIND = "insurance-eob";

  private EobReceipt() {}

  /** {@code transitions}: the validator-set changes up to the header's height (docs/format.md), carried by the state receipt. */
  public static Map<String, Object> document(Claim claim, StateProof proof, SignedHeader header, HashFunction hash,
      List<ValidatorTransitionProof> transitions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", KIND);
    m.put("claim", claim.id().hex());
    m.put("figures", EobFigures.of(claim));
    m.put("stateReceipt", ReceiptDocuments.stateReceipt(proof, header, hash, transitions));
    return m;
  }
}
