package org.medledger.apps.insurance.contract;

import static org.medledger.apps.insurance.contract.InsuranceArgs.AMOUNT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CLAIM;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CLAIMS;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CLINICIAN;
import static org.medledger.apps.insurance.contract.InsuranceArgs.CURRENCY;
import static org.medledger.apps.insurance.contract.InsuranceArgs.EFFECTIVE;
import static org.medledger.apps.insurance.contract.InsuranceArgs.END;
import static org.medledger.apps.insurance.contract.InsuranceArgs.GROUP;
import static org.medledger.apps.insurance.contract.InsuranceArgs.HOLDER_SIGNATURE;
import static org.medledger.apps.insurance.contract.InsuranceArgs.LINES;
import static org.medledger.apps.insurance.contract.InsuranceArgs.NEW_HOLDER;
import static org.medledger.apps.insurance.contract.InsuranceArgs.PATIENT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.POLICY;
import static org.medledger.apps.insurance.contract.InsuranceArgs.PRODUCT;
import static org.medledger.apps.insurance.contract.InsuranceArgs.REASON;
import static org.medledger.apps.insurance.contract.InsuranceArgs.REFERENCE;
import static org.medledger.apps.insurance.contract.InsuranceArgs.START;
import static org.medledger.apps.insurance.contract.InsuranceArgs.TERMS;
import static org.medledger.apps.insurance.contract.InsuranceRoles.BILLING;
import static org.medledger.apps.insurance.contract.InsuranceRoles.HOSPITAL;
import static org.medledger.apps.insurance.contract.InsuranceRoles.INSURER;
import static org.medledger.apps.insurance.contract.InsuranceWeights.FEW;
import static org.medledger.apps.insurance.contract.InsuranceWeights.PER_CLAIM;

import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.crypto.CryptoSuite;

/**
 * Insurance on the ledger (issue 15): insurers publish products and issue, transfer, renew and
 * cancel policies ({@link Products}, {@link Policies}); hospitals submit claims that the contract
 * adjudicates or pends for the insurer's assessor ({@link Claims}, {@link Adjudicator}); insurers
 * record payments, and no claim line is paid twice across insurers ({@link Payments}, {@link
 * PaidLine}). This class is the contract's face: its methods and who may call them. Arguments in
 * {@link InsuranceArgs}, state keys in {@link InsuranceKeys}; docs/insurance.md tells the model.
 */
public final class InsuranceContract extends DeclaredContract {
  public static final String NAME = "insurance";

  private final Policies policies;
  private final Claims claims;
  private final MethodTable methods;

  /**
   * @param signingChainId the genesis' signing chain id, which a holder's transfer signature names
   * @param claimants who may bill (issue 16's clinician credentials plug in here)
   */
  public InsuranceContract(CryptoSuite suite, String signingChainId, ClaimantCheck claimants) {
    this.policies = new Policies(suite, signingChainId);
    this.claims = new Claims(claimants);
    this.methods = MethodTable.of(NAME)
        .tx("publishProduct", INSURER, FEW, Products::publish, PRODUCT, TERMS)
        .tx("issuePolicy", INSURER, FEW, policies::issue, PRODUCT, PATIENT, START, END, GROUP.optional())
        .tx("transferPolicy", INSURER, FEW, policies::transfer, POLICY, NEW_HOLDER, GROUP.optional(),
            HOLDER_SIGNATURE)
        .tx("renewPolicy", INSURER, FEW, policies::renew, POLICY, END)
        .tx("cancelPolicy", INSURER, FEW, policies::cancel, POLICY, EFFECTIVE.optional(), REASON)
        .tx("submitClaim", BILLING, FEW, claims::submit, POLICY, CURRENCY, LINES, CLINICIAN.optional())
        .tx("approveClaim", INSURER, FEW, claims::approve, CLAIM, REASON)
        .tx("denyClaim", INSURER, FEW, claims::deny, CLAIM, REASON)
        .tx("withdrawClaim", HOSPITAL, FEW, claims::withdraw, CLAIM)
        .tx("recordPayment", INSURER, PER_CLAIM, Payments::pay, CLAIMS, AMOUNT, CURRENCY, REFERENCE)
        .unknownQuery("insurance is read through InsuranceReads")
        .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public java.util.List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("product/{insurer}/{code}", "product/{insurer}/{code}/{version}", "policy/{hash}", "policy-history/{hash}/{version}", "claim/{hash}", "policy-claim/{hash}/{hash}", "usage/{hash}/{year}", "paid-line/{hash}", "payment/{hash}");
  }

  @Override
  protected MethodTable methods() {
    return methods;
  }
}
