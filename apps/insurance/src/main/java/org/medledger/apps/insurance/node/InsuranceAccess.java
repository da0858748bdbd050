package org.medledger.apps.insurance.node;

import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.Payment;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.node.auth.Identity;

/**
 * Who may read a claim or a policy, decided on the ledger: the caller's certificate is re-checked
 * on the ledger on every request, its role is one its organisation may hold by the genesis, and
 * the parties compared are the ones the contract recorded, never the request's word. An insurer's
 * members see its own policies and claims, a hospital's the claims it submitted, a patient her own
 * (her certificate's key is her registered id), a regulator every claim's and policy's metadata; a
 * payment the paying insurer's and paid hospital's members and a regulator.
 */
public final class InsuranceAccess {
  public enum View { FULL, METADATA, NONE }

  private final Membership membership;
  private final HashFunction hash;

  InsuranceAccess(Membership membership, HashFunction hash) {
    this.membership = membership;
    this.hash = hash;
  }

  /** The rules for one member over one request's reads: her patient id, if she is one, looked up once. */
  public MemberAccess of(StateReader state, Identity who) {
    Optional<Hash> own = who.hasRole("patient")
        ? InsuredPatients.patientOf(membership, state, hash, who.certificateId()) : Optional.empty();
    return new MemberAccess(state, who, own);
  }

  public View claim(StateReader state, Identity who, Claim c) {
    return of(state, who).claim(c);
  }

  /**
   * Who may take a claim's EOB receipt: the patient it is about, her insurer (its insurers and
   * admins), and the regulator. The receipt proves the whole claim record, lines included, so it
   * goes to no one else: not the billing hospital, another patient or another insurer.
   */
  public boolean eob(StateReader state, Identity who, Claim c) {
    return of(state, who).eob(c);
  }

  public View policy(StateReader state, Identity who, Policy p) {
    return of(state, who).policy(p);
  }

  /** A payment: the paying insurer's and the paid hospital's members, and a regulator; never a patient (it covers many). */
  public View payment(Identity who, Payment p) {
    if (who.organisation().equals(p.insurer()) && who.hasRole("insurer", "admin")) {
      return View.FULL;
    }
    if (who.organisation().equals(p.payee()) && who.hasRole("clinician", "admin")) {
      return View.FULL;
    }
    return who.hasRole("regulator") ? View.METADATA : View.NONE;
  }
}
