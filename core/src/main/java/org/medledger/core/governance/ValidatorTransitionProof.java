package org.medledger.core.governance;

import java.util.Objects;
import org.medledger.core.block.SignedHeader;
import org.medledger.crypto.smt.StateProof;

/**
 * One validator-set change as a receipt carries it (docs/format.md, "Validator-set transitions"):
 * the set recorded for {@code effectiveAt} ({@code consortium/validator-set/<height12>}) proven
 * under the state root of block {@code effectiveAt − 1}, whose state fixes the set of the next
 * block (ValidatorHistory), with that block's header and commit certificate. The certificate is
 * by the set in force before the change, so a verifier holding the genesis can check the changes
 * one after another (ValidatorSetWalk).
 */
public record ValidatorTransitionProof(long effectiveAt, SignedHeader header, StateProof proof) {
  public ValidatorTransitionProof {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(proof, "proof");
  }
}
