package org.medledger.apps.records.contract.access;

import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * The one policy point every read of health data goes through. Pure: the same ledger state,
 * requester, record, purpose and time give the same decision on every node, so anyone can
 * re-check a logged decision against the state at its height. In order:
 *
 * <ol>
 *   <li>an unknown record is refused, an erased one refused as erased;
 *   <li>the patient (or a linked id) reads their own record;
 *   <li>a clinician of the custodian organisation reads it. Not its admins (least privilege,
 *       docs/security.md: an admin registers and manages patients and sees metadata, she reads no
 *       clinical content on her hospital's ground), nor regulators (they see metadata and the
 *       audit, and content only under a consent that names them);
 *   <li>a consent in force at {@code time} whose grantee is the requester (her certificate, or her
 *       organisation when she reads on its behalf, not as its admin, patient or node: {@link
 *       org.medledger.apps.records.contract.consent.Grantee#servesContentTo}), whose purposes
 *       include {@code purpose} and whose scope covers the record's category or lists the record,
 *       serves it (the first such consent in id order);
 *   <li>a clinician stating a reason, with purpose {@code ETREAT}, reads by breaking the glass: the
 *       read is served and flagged for the patient;
 *   <li>anything else is refused.
 * </ol>
 */
public final class AccessPolicy {
  private AccessPolicy() {}

  public static AccessDecision decide(StateReader state, Requester requester, Hash recordHash, PurposeOfUse purpose,
      String breakGlassReason, long time) {
    HealthRecordEntry record = RecordContract.find(state, recordHash).orElse(null);
    if (record == null) {
      return AccessDecision.refuse("record " + recordHash + " is not registered");
    }
    if (record.erased()) {
      return AccessDecision.refuse("record " + recordHash + " was erased at height " + record.erasedHeight()
          + " on the patient's request");
    }
    if (requester.patient().isPresent() && PatientContract.samePerson(state, requester.patient().get(), record.patient())) {
      return AccessDecision.serve(AccessDecision.Basis.PATIENT, Hash.ZERO, "the patient's own record");
    }
    if (HealthRoles.readsClinicalContent(requester.caller()) && record.custodian().equals(requester.caller().organisation())) {
      return AccessDecision.serve(AccessDecision.Basis.CUSTODIAN, Hash.ZERO, "held by the requester's organisation");
    }
    for (ConsentRecord c : ConsentContract.ofPatient(state, record.patient())) {
      if (c.grant().grantee().servesContentTo(requester.caller()) && c.grant().purposes().contains(purpose)
          && c.grant().covers(record.category(), recordHash) && ConsentContract.inForce(state, c, time)) {
        return AccessDecision.serve(AccessDecision.Basis.CONSENT, c.id(), "consent " + c.id().hex());
      }
    }
    if (HealthRoles.CLINICIAN.equals(requester.caller().role()) && purpose == PurposeOfUse.ETREAT
        && breakGlassReason != null && !breakGlassReason.isBlank()) {
      // Refused here, as the ledger's audit would refuse the event (issue 16): once a licensing
      // authority enforces break-glass, only a clinician whose credential allows it breaks the glass.
      var refusal = org.medledger.apps.credentials.contract.view.CredentialGate.refusal(state, requester.caller(),
          org.medledger.apps.credentials.contract.view.Scope.BREAK_GLASS, time);
      if (refusal.isPresent()) {
        return AccessDecision.refuse(refusal.get().message() + " (" + refusal.get().code() + ")");
      }
      return AccessDecision.serve(AccessDecision.Basis.BREAK_GLASS, Hash.ZERO, "break-glass: " + breakGlassReason.strip());
    }
    if (HealthRoles.ADMIN.equals(requester.caller().role())) {
      return AccessDecision.refuse("an admin of " + requester.caller().organisation() + " reads no clinical content on her"
          + " organisation's ground (least privilege): a clinician reads it, or a consent names her own certificate");
    }
    return AccessDecision.refuse("no consent in force lets " + requester.caller().organisation() + " read this record for "
        + purpose.name() + (purpose == PurposeOfUse.ETREAT ? " (an emergency read needs a clinician and a stated reason)" : ""));
  }
}
