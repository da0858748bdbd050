package org.medledger.apps.safety.node.events;

import java.time.Clock;
import java.util.Optional;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.events.CaseHead;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.node.auth.Identity;

/**
 * Who is asking, as the ledger holds the certificate now (never the token's or the certificate's
 * word alone: one revoked since sign-in, or never registered, sees nothing), and what each kind
 * of asker may see. Which patient a case, a lot or a device is linked to is for the regulator and
 * the patient herself only; the organisation that reported a case reads its own report.
 */
public final class EventViewer {
  /** The asker: role and organisation from the ledger, and the patient id her key stands for if she is a patient. */
  public record Viewer(String role, String organisation, Optional<Hash> patient) {
    public boolean regulator() {
      return role.equals("regulator");
    }
  }

  private final Membership membership;
  private final HashFunction hash;
  private final Clock clock;

  public EventViewer(Membership membership, HashFunction hash, Clock clock) {
    this.membership = membership;
    this.hash = hash;
    this.clock = clock;
  }

  /** The asker as the ledger holds her; empty when her certificate is not a member in good standing now. */
  public Optional<Viewer> of(StateReader state, Identity who) {
    CertificateCheck check = membership.member(state, who.certificateId(), clock.millis());
    if (!(check instanceof CertificateCheck.Valid v)) {
      return Optional.empty();
    }
    MemberCertificate m = v.member();
    String role = m.role().wireName();
    Optional<Hash> patient = role.equals("patient")
        ? Optional.of(PatientId.of(hash, m.publicKey().getEncoded()).value()) : Optional.empty();
    return Optional.of(new Viewer(role, m.organisation(), patient));
  }

  /** Whether the viewer is this patient (her own id, or one linked to it by both keys). */
  public static boolean isPatient(StateReader state, Viewer v, String patientHex) {
    return v.patient().isPresent()
        && PatientContract.samePerson(state, new PatientId(v.patient().get()), new PatientId(Hash.fromHex(patientHex)));
  }

  /** Whether the viewer may see which patient is linked to {@code patientHex}: a regulator, or the patient herself. */
  public static boolean maySeePatient(StateReader state, Viewer v, String patientHex) {
    return v.regulator() || isPatient(state, v, patientHex);
  }

  /** Whether the viewer may read a case: a regulator, the patient, or the reporting organisation's members of the reporter's role. */
  public static boolean maySeeCase(StateReader state, Viewer v, CaseHead c) {
    return maySeePatient(state, v, c.patient())
        || (!c.patientReported() && v.organisation().equals(c.reporterOrganisation()) && v.role().equals(c.reporterRole()));
  }
}
