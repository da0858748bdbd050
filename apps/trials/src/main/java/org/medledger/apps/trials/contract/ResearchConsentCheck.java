package org.medledger.apps.trials.contract;

import org.medledger.apps.records.contract.view.ConsentView;
import org.medledger.apps.records.contract.view.RecordsView;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/**
 * The patient's research consent an enrolment needs (issue 17, item 1): a registered patient, and
 * a consent of hers on the ledger (records' {@code consent} contract) that names research, HL7
 * purpose of use {@code HRESCH}, is granted to the trial's sponsor organisation, and is in force
 * at this block's time. The sponsor, not the trial: the consent lets an organisation use her data
 * for research, which is what the sponsor does with what the trial collects, and one consent may
 * cover several of its trials (a patient narrows it by its period, or withdraws it). Each refusal
 * names what was wrong.
 */
final class ResearchConsentCheck {
  private ResearchConsentCheck() {}

  static void require(ContractContext ctx, String trialId, String sponsor, Hash patient, Hash consentId) throws ContractException {
    if (RecordsView.patientKey(ctx, patient).isEmpty()) {
      throw new ContractException("unknown_patient", "patient " + patient.hex() + " is not registered on the ledger");
    }
    ConsentView.ConsentFacts consent = ConsentView.consent(ctx, consentId).orElseThrow(() -> new ContractException(
        "unknown_consent", "consent " + consentId.hex() + " is not on the ledger: the patient grants her research consent first"));
    if (!consent.patient().equals(patient)) {
      throw new ContractException("consent_not_for_patient", "consent " + consentId.hex() + " is another patient's, not "
          + patient.hex() + "'s");
    }
    if (!consent.forResearch()) {
      throw new ContractException("not_research_consent", "consent " + consentId.hex() + " allows " + String.join(", ",
          consent.purposes()) + ", not research (HRESCH): a consent to treatment does not enrol anyone into a trial");
    }
    if (!consent.grantedTo(sponsor)) {
      throw new ContractException("consent_not_for_sponsor", "consent " + consentId.hex() + " is granted to "
          + (consent.organisationGrantee() ? "org:" : "cert:") + consent.grantee() + ", not to trial " + trialId
          + "'s sponsor org:" + sponsor);
    }
    if (consent.revoked()) {
      throw new ContractException("consent_withdrawn", "consent " + consentId.hex() + " was withdrawn by the patient");
    }
    if (ctx.blockTimestamp() >= consent.end()) {
      throw new ContractException("consent_expired", "consent " + consentId.hex() + " ended at " + consent.end()
          + ", before this block (" + ctx.blockTimestamp() + ")");
    }
    if (ctx.blockTimestamp() < consent.start()) {
      throw new ContractException("consent_not_yet_in_force", "consent " + consentId.hex() + " starts at " + consent.start()
          + ", after this block (" + ctx.blockTimestamp() + ")");
    }
    if (!consent.inForce()) {
      throw new ContractException("consent_withdrawn", "consent " + consentId.hex() + " was delegated from a consent that is"
          + " withdrawn or ended");
    }
  }
}
