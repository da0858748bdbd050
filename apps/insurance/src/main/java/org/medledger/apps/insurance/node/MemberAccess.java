package org.medledger.apps.insurance.node;

import java.util.Optional;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.node.auth.Identity;

/**
 * {@link InsuranceAccess}'s rules for one member over one request's reads: which patient her
 * certificate is, when she is one, is looked up once, not once a row, so a list of 10,000 claims
 * costs a comparison a row rather than a certificate lookup a row.
 */
public final class MemberAccess {
  private final StateReader state;
  private final Identity who;
  private final Optional<Hash> ownPatient;

  MemberAccess(StateReader state, Identity who, Optional<Hash> ownPatient) {
    this.state = state;
    this.who = who;
    this.ownPatient = ownPatient;
  }

  public InsuranceAccess.View claim(Claim c) {
    if (who.organisation().equals(c.insurer()) && who.hasRole("insurer", "admin")) {
      return InsuranceAccess.View.FULL;
    }
    if (who.organisation().equals(c.submitter()) && who.hasRole("clinician", "admin")) {
      return InsuranceAccess.View.FULL;
    }
    if (isPatient(c.patient())) {
      return InsuranceAccess.View.FULL;
    }
    return who.hasRole("regulator") ? InsuranceAccess.View.METADATA : InsuranceAccess.View.NONE;
  }

  /** See {@link InsuranceAccess#eob}. */
  public boolean eob(Claim c) {
    if (who.organisation().equals(c.insurer()) && who.hasRole("insurer", "admin")) {
      return true;
    }
    return isPatient(c.patient()) || who.hasRole("regulator");
  }

  public InsuranceAccess.View policy(Policy p) {
    if (who.organisation().equals(p.insurer()) && who.hasRole("insurer", "admin")) {
      return InsuranceAccess.View.FULL;
    }
    if (isPatient(p.insured()) || isPatient(p.holder())) {
      return InsuranceAccess.View.FULL;
    }
    return who.hasRole("regulator") ? InsuranceAccess.View.METADATA : InsuranceAccess.View.NONE;
  }

  /** Whether the member is this patient (or the same person under a rotated key). */
  public boolean isPatient(Hash patient) {
    return ownPatient.isPresent() && InsuredPatients.samePerson(state, ownPatient.get(), patient);
  }
}
