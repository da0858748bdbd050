package org.medledger.apps.trials.node.fhir;

import java.security.cert.X509Certificate;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Who may read a participant's ResearchSubject (it ties a patient to a trial, which says something
 * of her health): the patient herself (her certificate's key is her registered id, or one linked
 * to it), a sponsor of the trial's organisation (her research consent is to it), and a regulator.
 * Never another member: not another sponsor, not an insurer, not a hospital, not the investigator
 * who enrolled her (a site reads its own records through the health records, under her consent).
 */
public final class SubjectAccess {
  private final Membership membership;
  private final HashFunction hash;

  public SubjectAccess(Membership membership, HashFunction hash) {
    this.membership = membership;
    this.hash = hash;
  }

  public boolean mayRead(StateReader state, Caller viewer, String trialSponsor, Hash patient) {
    return switch (viewer.role()) {
      case "regulator" -> true;
      case "sponsor" -> viewer.organisation().equals(trialSponsor);
      case "patient" -> isThePatient(state, viewer, patient);
      default -> false;
    };
  }

  /** Who sees the log of reads of her ResearchSubject: the patient herself and a regulator (as with care's timeline looks). */
  public boolean maySeeReads(StateReader state, Caller viewer, Hash patient) {
    return "regulator".equals(viewer.role()) || "patient".equals(viewer.role()) && isThePatient(state, viewer, patient);
  }

  private boolean isThePatient(StateReader state, Caller viewer, Hash patient) {
    return membership.certificate(state, viewer.certificateId()).map(X509Certificate::getPublicKey)
        .map(k -> PatientId.of(hash, k.getEncoded()))
        .filter(own -> PatientContract.samePerson(state, own, new PatientId(patient))).isPresent();
  }
}
