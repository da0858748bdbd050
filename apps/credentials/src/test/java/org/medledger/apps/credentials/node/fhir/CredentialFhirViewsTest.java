package org.medledger.apps.credentials.node.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.contract.view.Credential;
import org.medledger.apps.credentials.contract.view.CredentialStatus;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.crypto.Hash;
import org.medledger.fhirconformance.FhirConformance;

/**
 * The states a network test does not reach cheaply, each valid R4 by HAPI's instance validator: an
 * expired licence stays a qualification (its period ends), a revoked one leaves and its
 * verification is {@code val-fail}, and a profession spelt with a run of spaces (the contract
 * admits it) is still a valid code.
 */
class CredentialFhirViewsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000L;
  private static final long NOW = 1_800_000_000_000L;
  private static final Hash HOLDER = Hash.of(new byte[32]);

  private static Credential credential(String licence, String profession, long validUntil, CredentialStatus status) {
    byte[] doc = new byte[32];
    doc[0] = (byte) licence.hashCode();
    return new Credential("regulator", licence, HOLDER, "hospital-a", profession, List.of("Emergency  medicine"),
        List.of(Scope.PRESCRIBE), NOW - 30 * DAY, validUntil, Hash.of(doc), Hash.of(new byte[32]), 5, status, 9,
        NOW - DAY, status == CredentialStatus.ACTIVE ? "" : "struck off", 0);
  }

  private static JsonNode valid(org.hl7.fhir.r4.model.Resource r) throws Exception {
    String json = new String(CredentialFhir.json(r), StandardCharsets.UTF_8);
    FhirConformance.assertValid(json);
    return JSON.readTree(json);
  }

  @Test
  void anExpiredLicenceStaysARevokedOneLeavesAndCodesAreSingleSpaced() throws Exception {
    Credential expired = credential("RG-1", "Physician", NOW - DAY, CredentialStatus.ACTIVE);
    Credential revoked = credential("RG-2", "Nurse", NOW + DAY, CredentialStatus.REVOKED);
    Credential spaced = credential("RG-3", "General  practitioner ", NOW + DAY, CredentialStatus.ACTIVE);
    JsonNode p = valid(PractitionerResources.of(HOLDER, List.of(expired, revoked, spaced)));
    List<String> licences = new java.util.ArrayList<>();
    p.get("qualification").forEach(q -> licences.add(q.get("identifier").get(0).get("value").asText()));
    assertThat(licences).containsExactly("RG-1", "RG-3");
    assertThat(p.get("qualification").get(1).get("code").get("coding").get(0).get("code").asText())
        .isEqualTo("General practitioner");
    assertThat(p.get("qualification").get(1).get("code").get("coding").get(1).get("code").asText())
        .isEqualTo("Emergency medicine");

    assertThat(valid(VerificationResultResources.of(revoked, NOW - 30 * DAY, NOW)).get("status").asText()).isEqualTo("val-fail");
    assertThat(valid(VerificationResultResources.of(expired, NOW - 30 * DAY, NOW)).get("status").asText())
        .isEqualTo("req-revalid");
    assertThat(valid(VerificationResultResources.of(spaced, NOW - 30 * DAY, NOW)).get("status").asText()).isEqualTo("attested");
  }
}
