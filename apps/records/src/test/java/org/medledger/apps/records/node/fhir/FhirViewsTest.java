package org.medledger.apps.records.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;
import org.medledger.core.access.AccessDecision;
import org.medledger.core.audit.AccessEvent;
import org.medledger.core.consent.ConsentGrant;
import org.medledger.core.consent.ConsentRecord;
import org.medledger.core.consent.Grantee;
import org.medledger.core.consent.PurposeOfUse;
import org.medledger.core.patient.PatientId;
import org.medledger.core.record.HealthRecordEntry;
import org.medledger.crypto.Hash;

/** Every view is FHIR R4 JSON that HAPI's strict parser reads back; invalid documents fail with HAPI's message. */
class FhirViewsTest {
  static final PatientId PATIENT = new PatientId(Hash.of(new byte[32]));
  static final Hash RECORD = Hash.fromHex("ab".repeat(32));
  static final Hash CERT = Hash.fromHex("cd".repeat(32));

  static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T roundTrip(T r, Class<T> type) {
    String json = FhirJson.write(r);
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
    AuditEvent back = roundTrip(FhirViews.auditEvent(e, "42-0"), AuditEvent.class);
    assertThat(back.getSubtypeFirstRep().getCode()).isEqualTo("read");
    assertThat(back.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
    assertThat(back.getPurposeOfEventFirstRep().getCodingFirstRep().getCode()).isEqualTo("ETREAT");
    assertThat(back.getMeta().getSecurityFirstRep().getCode()).isEqualTo("BTG");
    assertThat(back.getEntity()).extracting(x -> x.getWhat().getReference())
        .containsExactly("Patient/" + PATIENT, "DocumentReference/" + RECORD.hex());
  }

  @Test
  void aRecordIsADocumentReferenceWithItsProvenanceAndAnErasedOneSaysSo() {
    HealthRecordEntry entry = new HealthRecordEntry(RECORD, PATIENT, "DiagnosticReport", "laboratory", "hospital-a", CERT,
        new byte[] {1}, 3, 1_700_000_000_000L, false, 0, 0);
    DocumentReference d = roundTrip(FhirViews.documentReference(entry, "https://node/fhir/DiagnosticReport/" + RECORD.hex()),
        DocumentReference.class);
    assertThat(d.getSubject().getReference()).isEqualTo("Patient/" + PATIENT);
    assertThat(d.getContentFirstRep().getAttachment().getContentType()).isEqualTo("application/fhir+json");
    DocumentReference erased = roundTrip(FhirViews.documentReference(entry.erasedAt(9, 1), "x"), DocumentReference.class);
    assertThat(erased.getContent()).isEmpty();
    assertThat(erased.getDescription()).contains("erased");
    Provenance p = roundTrip(FhirViews.provenance(entry), Provenance.class);
    assertThat(p.getTargetFirstRep().getReference()).isEqualTo("DocumentReference/" + RECORD.hex());
    Bundle b = roundTrip(FhirViews.searchset(List.of(FhirViews.provenance(entry)), "https://node/fhir"), Bundle.class);
    assertThat(b.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(b.getTotal()).isEqualTo(1);
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
