package org.medledger.apps.insurance.contract;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * Whether the clinician submitting a claim may bill: the one place a claim's submitter is judged
 * beyond its genesis-confirmed role. Clinician credentials (issue 16) plug in here: {@link
 * #CREDENTIAL_IN_FORCE} reads the credentials contract's state through {@link
 * ContractContext#read} at the block's time and refuses a clinician whose credential is missing,
 * suspended, revoked, expired or without the scope; the insurance application passes it to
 * {@link InsuranceContract}'s constructor when the genesis runs the credentials application.
 */
@FunctionalInterface
public interface ClaimantCheck {
  /**
   * Accepts any clinician the runtime admitted: a certificate registered to a hospital that the
   * genesis lets hold the clinician role, valid and unrevoked at this block.
   */
  ClaimantCheck GENESIS_CONFIRMED_CLINICIAN = (ctx, clinician) -> { };

  /**
   * A clinician holding a credential in force with the {@code sign-claims} scope at the block,
   * once a licensing authority has enforced that scope (docs/credentials.md): what a chain whose
   * genesis runs the credentials application passes. Approving a claim is an insurer member's act,
   * whom clinician credentials do not license, so only the submission is gated.
   */
  ClaimantCheck CREDENTIAL_IN_FORCE = (ctx, clinician) -> org.medledger.apps.credentials.contract.view.CredentialGate
      .requireScope(ctx, clinician, org.medledger.apps.credentials.contract.view.Scope.SIGN_CLAIMS);

  /** Refuses, naming why, a clinician who may not bill now. */
  void requireMayBill(ContractContext ctx, Caller clinician) throws ContractException;
}
