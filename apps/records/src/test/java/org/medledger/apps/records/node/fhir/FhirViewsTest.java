package org.medledger.apps.records.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRecord;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.crypto.Hash;
import org.medledger.fhirconformance.FhirConformance;

/**
 * Every view is FHIR R4 JSON that HAPI's instance validator passes and its strict parser reads
 * back; invalid documents fail with HAPI's message.
 */
class FhirViewsTest {
  static final PatientId PATIENT = new PatientId(Hash.of(new byte[32]));
  static final Hash RECORD = Hash.fromHex("ab".repeat(32));
  static final Hash CERT = Hash.fromHex("cd".repeat(32));

  static final String LEDGER_EVENT_ID = "42-" + "01".repeat(32) + "-0";

  static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T roundTrip(T r, Class<T> type) {
    String json = FhirJson.write(r);
    FhirConformance.assertValid(json);
    return type.cast(FhirJson.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aConsentIsAValidFhirConsentWithItsGranteePurposePeriodAndStatus() {
    ConsentGrant g = new ConsentGrant("chain", PATIENT, Grantee.organisation("hospital-b"), new TreeSet<>(Set.of("laboratory")),
        new TreeSet<>(Set.of(RECORD)), new TreeSet<>(Set.of(PurposeOfUse.TREAT)), 1_000, 2_000_000_000_000L, false, "r1");
    ConsentRecord c = new ConsentRecord(Hash.fromHex("ef".repeat(32)), g, new byte[] {1}, Hash.ZERO, "hospital-a", 5, 1_000,
        false, 0, 0, "");
    Consent back = roundTrip(FhirViews.consent(c, 5_000), Consent.class);
    assertThat(back.getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
    assertThat(back.getPatient().getReference()).isEqualTo("Patient/" + PATIENT);
    assertThat(back.getProvision().getActorFirstRep().getReference().getIdentifier().getValue()).isEqualTo("hospital-b");
    assertThat(back.getProvision().getPurposeFirstRep().getCode()).isEqualTo("TREAT");
    assertThat(back.getProvision().getDataFirstRep().getReference().getReference()).isEqualTo("DocumentReference/" + RECORD.hex());
    assertThat(roundTrip(FhirViews.consent(c.revokedAt(9, 9_000, "patient"), 10_000), Consent.class).getStatus())
        .isEqualTo(Consent.ConsentState.INACTIVE);
  }

  @Test
  void anAccessEventIsABalpReadAuditEventFlaggedWhenTheGlassWasBroken() {
    AccessEvent e = AccessEvent.reported(RECORD, PATIENT, CERT, "hospital-b", "clinician", PurposeOfUse.ETREAT,
        new AccessDecision(true, AccessDecision.Basis.BREAK_GLASS, Hash.ZERO, "break-glass: unconscious"), 1_700_000_000_000L)
        .witnessed(CERT, "hospital-b", 42);
    AuditEvent back = roundTrip(FhirViews.auditEvent(e, LEDGER_EVENT_ID), AuditEvent.class);
    assertThat(back.getSubtypeFirstRep().getCode()).isEqualTo("read");
    assertThat(back.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(back.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("ETREAT");
    assertThat(back.getMeta().getSecurityFirstRep().getCode()).isEqualTo("BTG");
    assertThat(back.getEntity()).extracting(x -> x.getWhat().getReference())
        .containsExactly("Patient/" + PATIENT, "DocumentReference/" + RECORD.hex(), null);
    assertThat(back.getEntity().get(2).getWhat().getIdentifier().getValue()).as("the transaction, for its receipt")
        .isEqualTo("01".repeat(32));
    AuditEvent refused = roundTrip(FhirViews.auditEvent(AccessEvent.reported(RECORD, PATIENT, CERT, "hospital-b", "clinician",
        PurposeOfUse.TREAT, new AccessDecision(false, AccessDecision.Basis.NONE, Hash.ZERO, "no consent"), 1_700_000_000_000L)
        .witnessed(CERT, "hospital-a", 43), LEDGER_EVENT_ID), AuditEvent.class);
    assertThat(refused.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
    assertThat(refused.getMeta().getSecurity()).isEmpty();
  }

  @Test
  void anAuditEventIdFitsFhirsSixtyFourCharactersStaysUniqueAndIsDerivedFromTheLedgersEventId() {
    // The ledger's own form, <height>-<transaction id>-<index>, is up to 90 characters.
    String longest = Long.MAX_VALUE + "-" + "fe".repeat(32) + "-65535";
    assertThat(FhirViews.auditEventId(longest)).isEqualTo(Long.MAX_VALUE + "-" + "fe".repeat(16) + "-65535").hasSizeLessThanOrEqualTo(64);
    assertThat(FhirViews.auditEventId(LEDGER_EVENT_ID)).isEqualTo("42-" + "01".repeat(16) + "-0");
    assertThat(FhirViews.auditEventId("42-" + "01".repeat(32) + "-1")).isNotEqualTo(FhirViews.auditEventId(LEDGER_EVENT_ID));
    assertThat(FhirViews.auditEventId("42-" + "02".repeat(32) + "-0")).isNotEqualTo(FhirViews.auditEventId(LEDGER_EVENT_ID));
    AccessEvent e = AccessEvent.reported(RECORD, PATIENT, CERT, "hospital-b", "clinician", PurposeOfUse.TREAT,
        new AccessDecision(true, AccessDecision.Basis.CUSTODIAN, Hash.ZERO, "custodian"), 1_700_000_000_000L).witnessed(CERT, "hospital-b", 1);
    FhirConformance.assertValid(FhirJson.write(FhirViews.auditEvent(e, longest)));
    for (String bad : new String[] {"42-0", "42-" + "01".repeat(31) + "-0", "x-" + "01".repeat(32) + "-0", "42-" + "zz".repeat(32) + "-0"}) {
      assertThatThrownBy(() -> FhirViews.auditEventId(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aRecordIsADocumentReferenceWithItsProvenanceAndAnErasedOneSaysSo() {
    HealthRecordEntry entry = new HealthRecordEntry(RECORD, PATIENT, "DiagnosticReport", "laboratory", "hospital-a", CERT,
        new byte[] {1}, 3, 1_700_000_000_000L, false, 0, 0);
    DocumentReference d = roundTrip(FhirViews.documentReference(entry, "https://node/fhir/DiagnosticReport/" + RECORD.hex()),
        DocumentReference.class);
    assertThat(d.getSubject().getReference()).isEqualTo("Patient/" + PATIENT);
    assertThat(d.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/fhir+json");
    assertThat(d.getContentFirstRep().getAttachment().getUrl()).isEqualTo("https://node/fhir/DiagnosticReport/" + RECORD.hex());
    assertThat(d.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.CURRENT);
    assertThat(d.getType().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/resource-types");
    DocumentReference erased = roundTrip(FhirViews.documentReference(entry.erasedAt(9, 1), "x"), DocumentReference.class);
    // An erasure is no mistake: the reference stays current; its one content element says the content is gone and holds none of it.
    assertThat(erased.getStatus()).isEqualTo(Enumerations.DocumentReferenceStatus.CURRENT);
    assertThat(erased.getContent()).hasSize(1);
    Attachment gone = erased.getContentFirstRep().getAttachment();
    assertThat(gone.getTitle()).contains("erased").contains("height 9");
    assertThat(gone.hasUrl() || gone.hasData() || gone.hasHash() || gone.hasSize()).isFalse();
    assertThat(erased.getDescription()).contains("erased");
    HealthRecordEntry binary = new HealthRecordEntry(RECORD, PATIENT, "Binary", "imaging", "hospital-a", CERT, new byte[] {1}, 3,
        1_700_000_000_000L, false, 0, 0);
    assertThat(roundTrip(FhirViews.documentReference(binary, "https://node/v1/records/" + RECORD.hex() + "/content"),
        DocumentReference.class).getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/octet-stream");
    Provenance p = roundTrip(FhirViews.provenance(entry), Provenance.class);
    assertThat(p.getTargetFirstRep().getReference()).isEqualTo("DocumentReference/" + RECORD.hex());
    Bundle b = roundTrip(searchset(List.of(FhirViews.provenance(entry)), "https://node/fhir"), Bundle.class);
    assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(b.getTotal()).isEqualTo(1);
  }

  @Test
  void aSearchsetOfEveryKindOfViewConforms() {
    ConsentGrant g = new ConsentGrant("chain", PATIENT, Grantee.certificate(CERT), new TreeSet<>(), new TreeSet<>(Set.of(RECORD)),
        new TreeSet<>(Set.of(PurposeOfUse.TREAT, PurposeOfUse.HPAYMT)), 1_000, 2_000, false, "r2");
    ConsentRecord delegated = new ConsentRecord(Hash.fromHex("12".repeat(32)), g, new byte[] {1}, Hash.fromHex("ef".repeat(32)),
        "hospital-a", 5, 1_000, false, 0, 0, "");
    HealthRecordEntry entry = new HealthRecordEntry(RECORD, PATIENT, "Observation", "laboratory", "hospital-a", CERT,
        new byte[] {1}, 3, 1_700_000_000_000L, false, 0, 0);
    AccessEvent read = AccessEvent.reported(RECORD, PATIENT, CERT, "hospital-b", "clinician", PurposeOfUse.TREAT,
        new AccessDecision(true, AccessDecision.Basis.CONSENT, delegated.id(), "consent"), 1_700_000_000_000L).witnessed(CERT, "hospital-a", 7);
    ConsentRecord revoked = new ConsentRecord(Hash.fromHex("34".repeat(32)), g, new byte[] {1}, Hash.ZERO, "hospital-a", 5, 1_000,
        false, 0, 0, "").revokedAt(6, 1_500, "patient");
    Hash other = Hash.fromHex("56".repeat(32));
    HealthRecordEntry erased = new HealthRecordEntry(other, PATIENT, "Observation", "laboratory", "hospital-a", CERT,
        new byte[] {1}, 3, 1_700_000_000_000L, false, 0, 0).erasedAt(8, 1);
    Bundle b = roundTrip(searchset(List.of(FhirViews.consent(delegated, 5_000), FhirViews.consent(revoked, 1_600),
        FhirViews.auditEvent(read, LEDGER_EVENT_ID), FhirViews.documentReference(entry, "https://node/fhir/Observation/" + RECORD.hex()),
        FhirViews.documentReference(erased, "https://node/fhir/Observation/" + other.hex()), FhirViews.provenance(entry)),
        "https://node/fhir"), Bundle.class);
    assertThat(b.getTotal()).isEqualTo(6);
    assertThat(b.getEntry().get(2).getFullUrl()).isEqualTo("https://node/fhir/AuditEvent/42-" + "01".repeat(16) + "-0");
  }

  /** The views in a searchset Bundle as HAPI writes one (the façade's own is FhirFacadeShellTest's). */
  static Bundle searchset(List<? extends org.hl7.fhir.r4.model.Resource> resources, String base) {
    Bundle b = new Bundle();
    b.setType(Bundle.BundleType.SEARCHSET);
    b.setTotal(resources.size());
    for (var r : resources) {
      b.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
          .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }
    return b;
  }

  @Test
  void invalidFhirIsRefusedWithHapisMessage() {
    String ok = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Glucose\"}}";
    assertThat(FhirJson.parse(ok.getBytes(StandardCharsets.UTF_8)).fhirType()).isEqualTo("Observation");
    assertThatThrownBy(() -> FhirJson.parse("{\"resourceType\":\"Observation\",\"status\":\"finished\",\"code\":{}}".getBytes()))
        .isInstanceOf(FhirJson.InvalidFhirException.class).hasMessageContaining("finished");
    assertThatThrownBy(() -> FhirJson.parse("{\"resourceType\":\"Observation\",\"colour\":\"red\"}".getBytes()))
        .isInstanceOf(FhirJson.InvalidFhirException.class).hasMessageContaining("colour");
    assertThatThrownBy(() -> FhirJson.parse("{\"resourceType\":\"NoSuchThing\"}".getBytes()))
        .isInstanceOf(FhirJson.InvalidFhirException.class).hasMessageContaining("NoSuchThing");
    assertThatThrownBy(() -> FhirJson.parse("{\"resourceType\":".getBytes())).isInstanceOf(FhirJson.InvalidFhirException.class);
  }
}
