package org.medledger.apps.insurance.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.apps.insurance.node.InsuranceRequests.claimBody;
import static org.medledger.apps.insurance.node.InsuranceRequests.line;
import static org.medledger.apps.insurance.node.InsuranceRequests.signed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.RunningValidators;
import org.medledger.node.application.HealthRecordReader;

/**
 * Issue 15 items 3 and 7 on a real 4-validator network (a hospital, two insurers, a regulator).
 * The FHIR façade serves a claim as Claim, ClaimResponse and ExplanationOfBenefit, the policy as
 * Coverage and the payment as PaymentReconciliation, each valid FHIR R4 by HAPI's instance
 * validator, searched by patient, status and created under the REST API's rules. The insurer's
 * assessor reads the claim's evidence only through health records' policy point: refused without
 * the patient's HPAYMT consent, served with it, both reads on the patient's audit trail; a member
 * of another insurer, trying the route on a claim that is not its insurer's while the patient's
 * consent names that insurer, finds no claim and reads nothing; the billing hospital's clinician,
 * who sees the claim, is refused the route. It prints what a FHIR read and an evidence read take.
 */
class ClaimFhirAndEvidenceNetworkTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private RunningValidators running;

  @Test
  void theFacadeServesValidResourcesByRoleAndEvidenceIsReadOnlyUnderConsent() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", List.of(BftTestNetwork.HOSPITAL, BftTestNetwork.INSURER,
        BftTestNetwork.INSURER, BftTestNetwork.REGULATOR));
    BftTestNetwork.Member drA = net.member(0, "dr-a", Role.CLINICIAN);
    BftTestNetwork.Member assessor = net.member(1, "assessor", Role.INSURER);
    BftTestNetwork.Member rival = net.member(2, "rival-assessor", Role.INSURER);
    BftTestNetwork.Member auditor = net.member(3, "auditor", Role.REGULATOR);
    BftTestNetwork.Member patient = net.member(0, "patient-1", Role.PATIENT);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    try (RunningValidators running = RunningValidators.start(net)) {
      this.running = running;
      for (BftTestNetwork.Member m : List.of(drA, assessor, rival, auditor, patient)) {
        running.commit(net.register(m));
      }
      PatientId pid = PatientId.of(net.suite.hash(), patient.keys().getPublic().getEncoded());
      running.commit(net.tx(drA, "patients", "register", "publicKey", Hex.encode(patient.keys().getPublic().getEncoded()),
          "signature", CareRegistration.sign(patient.signer(), net.genesis.chainId(), pid, "org-0"), "custody", "self",
          "encryptionKeyCertificate", net.encryptionKeyCertificate(patient.keys())));
      MedLedgerClient asDrA = login(0, drA);
      MedLedgerClient asAssessor = login(1, assessor);
      MedLedgerClient asRival = login(2, rival);
      MedLedgerClient asAuditor = login(3, auditor);
      MedLedgerClient asPatient = login(0, patient);

      // The hospital keeps the discharge lab result in its vault; the claim cites it as evidence.
      byte[] labResult = ("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"CRP\"},"
          + "\"subject\":{\"reference\":\"Patient/" + pid + "\"},\"valueQuantity\":{\"value\":42,\"unit\":\"mg/L\"}}")
          .getBytes(StandardCharsets.UTF_8);
      String record = asDrA.storeRecord(pid.toString(), "laboratory", labResult, "application/fhir+json").get("record").asText();
      awaitEverywhere(Hash.fromHex(record), "records/record");

      ProductTerms product = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0)),
          new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(Set.of("REVIEW-01")), 0, 72);
      committed(asAssessor.post("v1/insurance/products", signed(net.tx(assessor, "insurance", "publishProduct",
          "product", "basic", "terms", Hex.encode(product.encode())))));
      String policy = committed(asAssessor.post("v1/insurance/policies", signed(net.tx(assessor, "insurance",
          "issuePolicy", "product", "basic", "patient", pid.value().hex(), "start", today,
          "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()))));
      ObjectNode ward = line("inpatient", "WARD-DAY", 2, 30_000, today);
      ward.putArray("evidence").add(record);
      String claim = committed(asDrA.post("v1/insurance/claims", claimBody(policy, ward,
          line("inpatient", "COSMETIC-01", 1, 50_000, today))));
      String pended = committed(asDrA.post("v1/insurance/claims", claimBody(policy, line("inpatient", "REVIEW-01", 1, 1_000, today))));
      committed(asAssessor.post("v1/insurance/claims/" + pended + "/deny", signed(net.tx(assessor, "insurance", "denyClaim",
          "claim", pended, "reason", "not medically necessary"))));
      String payment = committed(asAssessor.post("v1/insurance/payments", signed(net.tx(assessor, "insurance", "recordPayment",
          "claims", claim, "amount", "40000", "currency", "EUR", "reference", "SEPA-2026-0042"))));

      // Every kind, read by id, is valid FHIR R4; the EOB gives the money as the REST view does.
      for (String path : List.of("Coverage/" + policy, "Claim/" + claim, "ClaimResponse/" + claim,
          "ExplanationOfBenefit/" + claim, "ExplanationOfBenefit/" + pended, "ClaimResponse/" + pended,
          "PaymentReconciliation/" + payment)) {
        valid(fhir(asAssessor, path, 200));
      }
      JsonNode eob = fhir(asPatient, "ExplanationOfBenefit/" + claim, 200);
      assertThat(total(eob, "submitted")).isEqualTo("1100.00");
      assertThat(total(eob, "benefit")).isEqualTo("400.00");
      assertThat(total(eob, "memberliability")).isEqualTo("700.00");
      assertThat(eob.path("payment").path("identifier").path("value").asText()).isEqualTo("SEPA-2026-0042");
      assertThat(fhir(asPatient, "ClaimResponse/" + pended, 200).path("disposition").asText())
          .isEqualTo("Denied by the insurer's assessor: not medically necessary");
      JsonNode supporting = fhir(asDrA, "Claim/" + claim, 200).path("supportingInfo").path(0);
      assertThat(supporting.path("valueReference").path("reference").asText()).isEqualTo("DocumentReference/" + record);

      // Searches: by patient, by status (FHIR's or the ledger's), by created; each Bundle valid.
      JsonNode mine = valid(fhir(asPatient, "ExplanationOfBenefit?patient=Patient/" + pid.value().hex(), 200));
      assertThat(mine.path("total").asInt()).isEqualTo(2);
      assertThat(fhir(asAssessor, "Claim?status=denied", 200).path("total").asInt()).isEqualTo(1);
      assertThat(fhir(asAssessor, "Claim?status=paid", 200).path("entry").path(0).path("resource").path("id").asText())
          .isEqualTo(claim);
      assertThat(fhir(asAssessor, "ClaimResponse?status=active&created=ge" + today, 200).path("total").asInt()).isEqualTo(2);
      assertThat(fhir(asAssessor, "ClaimResponse?created=lt" + today, 200).path("total").asInt()).isZero();
      assertThat(valid(fhir(asAssessor, "Coverage?patient=" + pid.value().hex() + "&status=active", 200)).path("total").asInt())
          .isEqualTo(1);
      assertThat(valid(fhir(asDrA, "PaymentReconciliation?created=" + today, 200)).path("total").asInt()).isEqualTo(1);
      assertThat(fhir(asAssessor, "Claim?status=lost", 400).path("issue").path(0).path("diagnostics").asText())
          .contains("status");
      assertThat(fhir(asAssessor, "Claim?created=2026-13-45", 400).toString()).contains("created");

      // Roles: the regulator sees metadata only; the rival insurer nothing, as if nothing existed; a patient no payment.
      JsonNode metadata = valid(fhir(asAuditor, "Claim/" + claim, 200));
      assertThat(metadata.has("item")).isFalse();
      assertThat(metadata.has("supportingInfo")).isFalse();
      for (String path : List.of("Claim/" + claim, "ExplanationOfBenefit/" + claim, "Coverage/" + policy,
          "PaymentReconciliation/" + payment, "Claim/" + "ab".repeat(32))) {
        assertThat(fhir(asRival, path, 404).path("issue").path(0).path("code").asText()).isEqualTo("not-found");
      }
      assertThat(fhir(asRival, "Claim", 200).path("total").asInt()).isZero();
      assertThat(fhir(asPatient, "PaymentReconciliation", 200).path("total").asInt()).isZero();
      assertThat(fhir(asAssessor, "metadata", 200).toString()).contains("ExplanationOfBenefit", "PaymentReconciliation");

      // Evidence: without the patient's consent the assessor's read is refused, and audited.
      HttpResponse<byte[]> refused = evidence(asAssessor, claim, 1, record);
      assertThat(refused.statusCode()).isEqualTo(403);
      JsonNode why = JSON.readTree(refused.body());
      assertThat(why.path("message").asText()).contains("no consent in force lets org-1 read this record for HPAYMT");
      String refusedAudit = why.path("auditTx").asText();
      assertThat(refusedAudit).hasSize(64);
      // The claim was adjudicated on its coded lines all the same.
      assertThat(asAssessor.get("v1/insurance/claims/" + claim).path("status").asText()).isEqualTo("paid");

      // The patient consents to the insurer reading her lab results for payment; now it is served, and audited.
      ConsentGrant g = new ConsentGrant(net.genesis.chainId(), pid, Grantee.parse("org:org-1"),
          new TreeSet<>(Set.of("laboratory")), new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.HPAYMT)),
          System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 3_600_000, false, "claim-" + claim.substring(0, 8));
      committed(asPatient.submit(net.tx(patient, "consent", "grant", "grant", Hex.encode(g.encode()),
          "signature", Hex.encode(patient.signer().sign(g.encode()))), true));
      HttpResponse<byte[]> served = evidence(asAssessor, claim, 1, record);
      assertThat(served.statusCode()).as(new String(served.body(), StandardCharsets.UTF_8)).isEqualTo(200);
      assertThat(served.body()).isEqualTo(labResult);
      assertThat(served.headers().firstValue("X-MedLedger-Basis")).contains("consent");
      assertThat(served.headers().firstValue("X-MedLedger-Consent")).contains(g.id(net.suite.hash()).hex());
      String servedAudit = served.headers().firstValue("X-MedLedger-Audit-Tx").orElseThrow();

      long[] servedMillis = new long[5];
      for (int i = 0; i < servedMillis.length; i++) {
        long t0 = System.nanoTime();
        assertThat(evidence(asAssessor, claim, 1, record).statusCode()).isEqualTo(200);
        servedMillis[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      long[] fhirMillis = new long[20];
      for (int i = 0; i < fhirMillis.length; i++) {
        long t0 = System.nanoTime();
        fhir(asPatient, "ExplanationOfBenefit/" + claim, 200);
        fhirMillis[i] = (System.nanoTime() - t0) / 1_000_000;
      }
      java.util.Arrays.sort(servedMillis);
      java.util.Arrays.sort(fhirMillis);
      System.out.printf("insurance on 4 validators: evidence read served (policy point, access event committed, vault"
          + " fetch) median %d ms, max %d ms over %d reads; FHIR ExplanationOfBenefit read median %d ms, max %d ms over %d"
          + " reads%n", servedMillis[servedMillis.length / 2], servedMillis[servedMillis.length - 1], servedMillis.length,
          fhirMillis[fhirMillis.length / 2], fhirMillis[fhirMillis.length - 1], fhirMillis.length);

      // A number the claim does not cite is named; the billing hospital's clinician may not use the route.
      assertThat(evidence(asAssessor, claim, 2, record).statusCode()).isEqualTo(404);
      assertThat(evidence(asDrA, claim, 1, record).statusCode()).isEqualTo(403);
      // The rival insurer consents itself nothing; it finds no claim to read evidence of, and nothing is read.
      assertThat(evidence(asRival, claim, 1, record).statusCode()).isEqualTo(404);

      // Both of the assessor's reads are on the patient's audit trail, the refused one and the served one.
      List<String> trail = new ArrayList<>();
      for (JsonNode a : asPatient.patientView(pid.toString()).path("accesses")) {
        if (a.path("organisation").asText().equals("org-1")) {
          trail.add(a.path("purpose").asText() + " " + a.path("outcome").asText());
        }
      }
      assertThat(trail).startsWith("HPAYMT refused", "HPAYMT served").hasSize(2 + servedMillis.length)
          .allMatch(t -> t.startsWith("HPAYMT "));
      // Nothing of the rival insurer's or the hospital's evidence attempts reached the policy point.
      for (JsonNode a : asPatient.patientView(pid.toString()).path("accesses")) {
        assertThat(a.path("organisation").asText()).isEqualTo("org-1");
        assertThat(a.path("purpose").asText()).isEqualTo("HPAYMT");
      }
      assertThat(refusedAudit).isNotEqualTo(servedAudit);
    }
  }

  private HttpResponse<byte[]> evidence(MedLedgerClient as, String claim, int n, String record) throws Exception {
    String request = as.signReadRequest(record, "HPAYMT", null).toHex();
    HttpRequest r = HttpRequest.newBuilder(URI.create(base(as) + "/v1/insurance/claims/" + claim + "/evidence/" + n))
        .header("Authorization", "Bearer " + as.token()).header(HealthRecordReader.READ_REQUEST_HEADER, request).GET().build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode fhir(MedLedgerClient as, String path, int status) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(base(as) + "/fhir/" + path))
        .header("Authorization", "Bearer " + as.token()).header("Accept", "application/fhir+json").GET().build();
    HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(path + ": " + resp.body()).isEqualTo(status);
    return JSON.readTree(resp.body());
  }

  private final java.util.Map<MedLedgerClient, String> bases = new java.util.IdentityHashMap<>();

  private String base(MedLedgerClient c) {
    return bases.get(c);
  }

  private static JsonNode valid(JsonNode resource) {
    FhirConformance.assertValid(resource.toString());
    return resource;
  }

  private static String total(JsonNode eob, String category) {
    for (JsonNode t : eob.path("total")) {
      if (t.path("category").path("coding").path(0).path("code").asText().equals(category)) {
        return t.path("amount").path("value").decimalValue().setScale(2).toPlainString();
      }
    }
    return null;
  }

  private void awaitEverywhere(Hash record, String what) throws InterruptedException {
    RunningValidators.await(what + " committed on every validator", 30_000, () -> running.nodes().stream().allMatch(
        n -> org.medledger.apps.records.contract.record.RecordContract.find(n.ledger().state(), record).isPresent()));
  }

  private MedLedgerClient login(int node, BftTestNetwork.Member m) {
    String base = "http://127.0.0.1:" + running.node(node).apiPort();
    MedLedgerClient c = new MedLedgerClient(base);
    c.login(new ClientIdentity(running.node(node).genesis().cryptoSuite(), m.certificate(), m.keys().getPrivate()));
    bases.put(c, base);
    return c;
  }

  private String committed(JsonNode reply) throws InterruptedException {
    return InsuranceRequests.committed(running, reply);
  }
}
