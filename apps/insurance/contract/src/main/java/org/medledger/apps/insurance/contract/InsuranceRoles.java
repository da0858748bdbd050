package org.medledger.apps.insurance.contract;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.Roles;

/**
 * Who may call the insurance contract. The runtime admits a certificate's role only when the
 * genesis lets its organisation hold that role ({@code CallerResolver}), so an {@code insurer}
 * caller is a member of an insurer organisation and a {@code clinician} one of a hospital's: the
 * roles are never the message's word. The contract then ties each act to the organisation that
 * owns the product, policy or claim.
 */
final class InsuranceRoles {
  static final Roles INSURER = Roles.of("insurer");
  /** A hospital bills through its clinicians: the submitting organisation is recorded on the claim. */
  static final Roles HOSPITAL = Roles.of("clinician");
  /**
   * Who may submit a claim: a clinician signing herself, or her hospital's node, which computes
   * the lines' salted hashes (the salt never leaves the validators) and names the clinician.
   */
  static final Roles BILLING = Roles.of("clinician", "node");

  private InsuranceRoles() {}

  /** Refuses a member of any organisation but {@code insurer}, naming both. */
  static void requireInsurer(Caller caller, String insurer, String what) throws ContractException {
    if (!caller.organisation().equals(insurer)) {
      throw new ContractException("forbidden", what + " belongs to insurer " + insurer + "; a member of "
          + caller.organisation() + " may not act on it");
    }
  }
}
