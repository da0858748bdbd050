package org.medledger.apps.safety.node.events;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.apps.safety.contract.events.CaseHead;
import org.medledger.apps.safety.contract.events.CaseVersion;
import org.medledger.apps.safety.contract.events.ReactionTerm;
import org.medledger.apps.safety.contract.events.Suspect;

/**
 * One version of a case as a FHIR R4 {@code AdverseEvent}: id the case id, {@code meta.versionId}
 * the version, the patient as subject, the reactions as {@code event} (each a coding of
 * MedLedger's reaction terms; the text says all of them and the reporter's words), seriousness
 * and outcome in R4's own codes (and the reporter's causality assessment, when given, on the
 * suspect entity), the onset as {@code date}, and the suspect as a contained
 * {@code Medication} (GTIN and lot) or {@code Device} (UDI, device identifier, serial).
 */
final class AdverseEventFhir {
  static final String IDENTIFIER_SYSTEM = "urn:medledger:adverse-event";
  static final String GTIN_SYSTEM = "https://www.gs1.org/gtin";

  private AdverseEventFhir() {}

  static AdverseEvent of(CaseHead head, CaseVersion v) {
    AdverseEvent ae = new AdverseEvent();
    ae.setId(head.caseId());
    ae.getMeta().setVersionId(Integer.toString(v.version())).setLastUpdated(new Date(v.time()));
    ae.setIdentifier(new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(head.caseId()));
    ae.setActuality(AdverseEvent.AdverseEventActuality.ACTUAL);
    CodeableConcept event = new CodeableConcept();
    StringBuilder text = new StringBuilder();
    for (String code : v.reactions()) {
      String display = ReactionTerm.find(code).map(ReactionTerm::display).orElse(code);
      event.addCoding().setSystem(ReactionTerm.SYSTEM).setCode(code).setDisplay(display);
      text.append(text.length() == 0 ? "" : "; ").append(display);
    }
    if (!v.description().isEmpty()) {
      text.append(": ").append(v.description());
    }
    ae.setEvent(event.setText(text.toString()));
    ae.setSubject(new Reference("Patient/" + head.patient()));
    ae.setDateElement(new DateTimeType(v.onset()));
    ae.setDetectedElement(new DateTimeType(v.onset()));
    ae.setRecordedDateElement(new DateTimeType(new Date(head.reportedTime())));
    ae.setRecorder(head.patientReported() ? new Reference("Patient/" + head.patient())
        : new Reference().setDisplay(head.reporterRole() + " of " + head.reporterOrganisation())
            .setIdentifier(new Identifier().setSystem("urn:medledger:certificate").setValue(head.reporter())));
    ae.setSeriousness(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
        org.medledger.apps.safety.contract.events.Seriousness.SYSTEM, v.seriousness().code(), v.seriousness().display())));
    ae.setOutcome(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(
        org.medledger.apps.safety.contract.events.Outcome.SYSTEM, v.outcome().code(), v.outcome().display())));
    Resource suspect = suspect(head.suspect());
    suspect.setId("suspect");
    ae.addContained(suspect);
    var suspectEntity = ae.addSuspectEntity().setInstance(new Reference("#suspect"));
    v.causality().ifPresent(c -> suspectEntity.addCausality().setAssessment(new CodeableConcept().addCoding(
        new org.hl7.fhir.r4.model.Coding(org.medledger.apps.safety.contract.events.Causality.SYSTEM, c.code(), c.display()))));
    return ae;
  }

  private static Resource suspect(Suspect s) {
    if (s instanceof Suspect.DrugLot d) {
      Medication m = new Medication();
      m.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding().setSystem(GTIN_SYSTEM).setCode(d.gtin())));
      m.getBatch().setLotNumber(d.lot());
      return m;
    }
    Suspect.DeviceUnit u = (Suspect.DeviceUnit) s;
    Device device = new Device();
    device.addUdiCarrier().setDeviceIdentifier(u.model()).setCarrierHRF(u.udi());
    return device;
  }

  static byte[] json(Resource r) {
    return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(r).getBytes(StandardCharsets.UTF_8);
  }
}
