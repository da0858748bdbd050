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

  public View claim(StateReader state, Identity who, Claim c) {
    if (who.organisation().equals(c.insurer()) && who.hasRole("insurer", "admin")) {
      return View.FULL;
    }
    if (who.organisation().equals(c.submitter()) && who.hasRole("clinician", "admin")) {
      return View.FULL;
    }
    if (isPatient(state, who, c.patient())) {
      return View.FULL;
    }
    return who.hasRole("regulator") ? View.METADATA : View.NONE;
  }

  /**
   * Who may take a claim's EOB receipt: the patient it is about, her insurer (its insurers and
   * admins), and the regulator. The receipt proves the whole claim record, lines included, so it
   * goes to no one else: not the billing hospital, another patient or another insurer.
   */
  public boolean eob(StateReader state, Identity who, Claim c) {
    if (who.organisation().equals(c.insurer()) && who.hasRole("insurer", "admin")) {
      return true;
    }
    return isPatient(state, who, c.patient()) || who.hasRole("regulator");
  }

  public View policy(StateReader state, Identity who, Policy p) {
    if (who.organisation().equals(p.insurer()) && who.hasRole("insurer", "admin")) {
      return View.FULL;
    }
    if (isPatient(state, who, p.insured()) || isPatient(state, who, p.holder())) {
      return View.FULL;
    }
    return who.hasRole("regulator") ? View.METADATA : View.NONE;
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

  private boolean isPatient(StateReader state, Identity who, Hash patient) {
    if (!who.hasRole("patient")) {
      return false;
    }
    Optional<Hash> own = InsuredPatients.patientOf(membership, state, hash, who.certificateId());
    return own.isPresent() && InsuredPatients.samePerson(state, own.get(), patient);
  }
}
