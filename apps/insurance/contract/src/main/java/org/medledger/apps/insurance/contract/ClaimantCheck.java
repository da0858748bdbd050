package org.medledger.apps.insurance.contract;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * Whether the clinician submitting a claim may bill: the one place a claim's submitter is judged
 * beyond its genesis-confirmed role. Clinician credentials (issue 16) plug in here: an
 * implementation that reads the credentials contract's state through {@link
 * ContractContext#read} at the block's time and refuses a clinician whose credential is missing,
 * expired or revoked, passed to {@link InsuranceContract}'s constructor.
 */
@FunctionalInterface
public interface ClaimantCheck {
  /**
   * Accepts any clinician the runtime admitted: a certificate registered to a hospital that the
   * genesis lets hold the clinician role, valid and unrevoked at this block.
   */
  ClaimantCheck GENESIS_CONFIRMED_CLINICIAN = (ctx, clinician) -> { };

  /** Refuses, naming why, a clinician who may not bill now. */
  void requireMayBill(ContractContext ctx, Caller clinician) throws ContractException;
}
