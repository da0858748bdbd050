package org.medledger.node.application;

import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * Whether a member may see a patient's metadata (that her data exists, who recorded what about
 * her): the health-records application's one rule (the patient, a regulator, a caregiver of a
 * hospital caring for her), provided to the platform so that another application hiding metadata
 * about the same patients (care) asks the same rule without importing records' node code.
 */
public interface PatientMetadataVisibility {
  /** {@code patient} a patient id (the hash records names her by). */
  boolean maySee(StateReader state, Caller who, Hash patient);
}
