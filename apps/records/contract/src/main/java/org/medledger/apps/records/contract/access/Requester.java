package org.medledger.apps.records.contract.access;

import java.util.Objects;
import java.util.Optional;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.runtime.Caller;

/**
 * Who asks to read a record: the authenticated certificate holder and, when the certificate's key
 * is a patient's key, that patient's id.
 */
public record Requester(Caller caller, Optional<PatientId> patient) {
  public Requester {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(patient, "patient");
  }
}
