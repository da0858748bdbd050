package org.medledger.apps.records.node.fhir;

import java.util.Date;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.crypto.Hash;

/**
 * The ledger's health records as FHIR R4 resources: a consent as {@code Consent}, an access event
 * as {@code AuditEvent} (following the IHE Basic Audit Log Patterns' read event: type rest, subtype
 * read, the patient and the document as entities, the purpose of use, the outcome), a record's
 * entry as {@code DocumentReference} (metadata only: the content stays in the vault) and its
 * authorship as {@code Provenance}. Ids are the ledger's: the consent id, the record hash, and
 * for an access event a short form of where the ledger holds it ({@link #auditEventId}). Every
 * view conforms to FHIR R4 as HAPI's instance validator checks it (FhirConformance, in the tests).
 */
public final class FhirViews {
  public static final String ORGANISATION_SYSTEM = "urn:medledger:organisation";
  public static final String CERTIFICATE_SYSTEM = "urn:medledger:certificate";
  public static final String CATEGORY_SYSTEM = "urn:medledger:record-category";
  public static final String RECORD_SYSTEM = "urn:medledger:record";
  static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  public static final String TRANSACTION_SYSTEM = "urn:medledger:transaction";
  /** R4's code system of resource type names ({@code fhir-types} is R5's and unknown to R4). */
  static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
  /** How many hex digits of the transaction id an AuditEvent's id keeps: 128 bits. */
  static final int AUDIT_ID_TX_DIGITS = 32;

  private FhirViews() {}

  static Reference patient(PatientId p) {
    return new Reference("Patient/" + p);
  }

  static Reference organisation(String name) {
    return new Reference().setIdentifier(new Identifier().setSystem(ORGANISATION_SYSTEM).setValue(name)).setDisplay(name);
  }

  static Reference certificate(Hash id, String display) {
    Reference r = new Reference().setIdentifier(new Identifier().setSystem(CERTIFICATE_SYSTEM).setValue(id.hex()));
    return display == null || display.isEmpty() ? r : r.setDisplay(display);
  }

  static Reference grantee(Grantee g) {
    return g.organisation() ? organisation(g.value()) : certificate(Hash.fromHex(g.value()), null);
  }

  static CodeableConcept purpose(PurposeOfUse p) {
    return new CodeableConcept(new Coding(ACT_REASON, p.name(), null));
  }

  public static Consent consent(ConsentRecord c, long now) {
    ConsentGrant g = c.grant();
    Consent r = new Consent();
    r.setId(c.id().hex());
    r.addIdentifier().setSystem("urn:medledger:consent").setValue(c.id().hex());
    r.setStatus(c.revoked() ? Consent.ConsentState.INACTIVE : now >= g.end() ? Consent.ConsentState.INACTIVE
        : Consent.ConsentState.ACTIVE);
    r.setScope(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent")));
    r.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", "Patient Consent")));
    r.setPatient(patient(g.patient()));
    r.setDateTime(new Date(c.timestamp()));
    r.addPerformer(c.delegated() ? organisation(c.recordedBy()) : patient(g.patient()));
    r.addOrganization(organisation(c.recordedBy()));
    r.setPolicyRule(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in")));
    if (c.delegated()) {
      r.setSource(new Reference("Consent/" + c.parent().hex()));
    }
    Consent.ProvisionComponent p = r.getProvision();
    p.setType(Consent.ConsentProvisionType.PERMIT);
    p.setPeriod(new Period().setStart(new Date(g.start())).setEnd(new Date(g.end())));
    p.addActor().setRole(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
        "information recipient"))).setReference(grantee(g.grantee()));
    for (PurposeOfUse u : g.purposes()) {
      p.addPurpose(new Coding(ACT_REASON, u.name(), null));
    }
    for (String category : g.categories()) {
      p.addClass_(new Coding(CATEGORY_SYSTEM, category, null));
    }
    for (Hash record : g.records()) {
      p.addData().setMeaning(Consent.ConsentDataMeaning.INSTANCE).setReference(new Reference("DocumentReference/" + record.hex()));
    }
    if (c.revoked()) {
      r.getMeta().addTag("urn:medledger:consent-status", "revoked", "revoked at height " + c.revokedHeight() + " by " + c.revokedBy());
    }
    return r;
  }

  /**
   * The FHIR id of the access event the ledger keeps at {@code ledgerEventId}, {@code
   * <height>-<transaction id, 64 hex>-<index in the transaction>} (AuditContract.visit):
   * {@code <height>-<the transaction id's first 32 hex digits>-<index>}. FHIR R4 ids are at most
   * 64 characters ([A-Za-z0-9\-\.]{1,64}) and the ledger's form has up to 90; this one has at
   * most 58 (a 19-digit height, a 5-digit index). It stays unique, since no two transactions of one
   * block share 128 bits of their ids unless someone breaks the hash, and anyone holding the
   * ledger derives it from the event; the full transaction id, which names its receipt, is in the
   * resource's transaction entity.
   */
  public static String auditEventId(String ledgerEventId) {
    String[] parts = ledgerEventId.split("-", -1);
    if (parts.length != 3 || parts[1].length() != 64 || !parts[0].matches("[0-9]{1,19}") || !parts[2].matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("an access event id is <height>-<transaction id, 64 hex>-<index>, not " + ledgerEventId);
    }
    Hash.fromHex(parts[1]);
    return parts[0] + "-" + parts[1].substring(0, AUDIT_ID_TX_DIGITS) + "-" + parts[2];
  }

  /**
   * IHE BALP "read": a served read has outcome 0, a refused one 4 (minor failure) with the reason.
   * {@code ledgerEventId} is where the ledger keeps the event (see {@link #auditEventId}).
   */
  public static AuditEvent auditEvent(AccessEvent e, String ledgerEventId) {
    AuditEvent r = new AuditEvent();
    r.setId(auditEventId(ledgerEventId));
    r.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation"));
    r.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "read", "read"));
    r.setAction(AuditEvent.AuditEventAction.R);
    r.setRecorded(new Date(e.time()));
    r.setOutcome(e.served() ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
    r.setOutcomeDesc(e.reason());
    r.addPurposeOfEvent(purpose(e.purpose()));
    if (e.basis() == AccessDecision.Basis.BREAK_GLASS) {
      // BTG is a v3 ActReason (not an ActCode), one of R4's security-labels.
      r.getMeta().addSecurity(new Coding(ACT_REASON, "BTG", "break the glass"));
    }
    AuditEvent.AuditEventAgentComponent who = r.addAgent();
    who.setRequestor(true);
    who.setWho(certificate(e.requester(), null));
    who.addRole(new CodeableConcept(new Coding("urn:medledger:role", e.role(), null)));
    who.addPolicy(e.consent().equals(Hash.ZERO) ? "urn:medledger:basis:" + e.basis().wireName() : "urn:medledger:consent:" + e.consent().hex());
    AuditEvent.AuditEventAgentComponent org = r.addAgent();
    org.setRequestor(false);
    org.setWho(organisation(e.organisation()));
    org.setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/extra-security-role-type", "datacollector", null)));
    r.getSource().setObserver(certificate(e.witness(), e.witnessOrganisation()))
        .setSite(e.witnessOrganisation());
    r.addEntity().setWhat(patient(e.patient()))
        .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"))
        .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "1", "Patient"));
    r.addEntity().setWhat(new Reference("DocumentReference/" + e.record().hex()))
        .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
        .setRole(new Coding("http://terminology.hl7.org/CodeSystem/object-role", "4", "Domain Resource"));
    String transaction = ledgerEventId.split("-")[1];
    r.addEntity().setWhat(new Reference().setIdentifier(new Identifier().setSystem(TRANSACTION_SYSTEM).setValue(transaction)))
        .setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"))
        .setDescription("the ledger transaction that logged this event; its receipt: /v1/receipts/tx/" + transaction);
    return r;
  }

  public static DocumentReference documentReference(HealthRecordEntry e, String contentUrl) {
    DocumentReference r = new DocumentReference();
    r.setId(e.recordHash().hex());
    r.setMasterIdentifier(new Identifier().setSystem(RECORD_SYSTEM).setValue(e.recordHash().hex()));
    // R4 DocumentReference.status: "current" is "the current reference for this document";
    // "entered-in-error" says the reference was made by mistake, which an erased record's was not:
    // the record existed, its hashes still verify, and its reference is still the current one.
    // docStatus (preliminary, final, amended, entered-in-error) describes the document itself and
    // has no code for erased content, so it is left out.
    r.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
    r.setType(new CodeableConcept(new Coding(RESOURCE_TYPES, e.resourceType(), null)).setText(e.resourceType()));
    r.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, e.category(), null)));
    r.setSubject(patient(e.patient()));
    r.setDate(new Date(e.timestamp()));
    r.addAuthor(certificate(e.author(), null));
    r.setCustodian(organisation(e.custodian()));
    Attachment content = r.addContent().getAttachment()
        .setContentType("Binary".equals(e.resourceType()) ? "application/octet-stream" : "application/fhir+json");
    if (e.erased()) {
      // content is 1..* in R4: an erased record keeps one that says so and carries nothing of it
      // (no url, data, size or hash), since its keys are destroyed and no node can serve it.
      String erased = "erased on the patient's request at height " + e.erasedHeight();
      content.setTitle("content " + erased + ": no longer held anywhere");
      r.setDescription(erased + "; hashes and audit remain");
    } else {
      content.setUrl(contentUrl);
    }
    return r;
  }

  public static Provenance provenance(HealthRecordEntry e) {
    Provenance r = new Provenance();
    r.setId(e.recordHash().hex());
    r.addTarget(new Reference("DocumentReference/" + e.recordHash().hex()));
    r.setRecorded(new Date(e.timestamp()));
    r.addAgent().setWho(certificate(e.author(), null)).setOnBehalfOf(organisation(e.custodian()))
        .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")));
    r.addAgent().setWho(organisation(e.custodian()))
        .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/provenance-participant-type", "custodian", "Custodian")));
    return r;
  }
}
