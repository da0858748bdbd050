package org.medledger.apps.records.node;

import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hex;
import org.medledger.apps.records.node.fhir.FhirJson;
import org.medledger.fhirconformance.FhirConformance;

/**
 * The /fhir façade of a real node: HAPI checks what is stored; everything it answers, resources,
 * searchset Bundles and OperationOutcomes, passes HAPI's R4 instance validator and its strict parser.
 */
class FhirApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static String wang;
  static String inspector;
  static String patient;
  static String otherPatient;
  static PatientId pid;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  static String login(String name) {
    return net.login(node, name).token();
  }

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    TestNetwork.User w = net.user("dr-wang");
    c.login(new ClientIdentity(net.suite, w.certificate(), w.keys().getPrivate()));
    for (String u : new String[] {"dr-wang", "inspector", "patient-1", "patient-2"}) {
      c.submit(net.register(net.user(u)), true);
    }
    wang = login("dr-wang");
    inspector = login("inspector");
    patient = login("patient-1");
    otherPatient = login("patient-2");
    byte[] key = net.user("patient-1").keys().getPublic().getEncoded();
    pid = PatientId.of(net.suite.hash(), key);
    c.submit(net.tx(w, "patients", "register", "publicKey", Hex.encode(key), "custody", "self", "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.user("patient-1").signer(), net.genesis.chainId(), pid, w.organisation()),
        "encryptionKeyCertificate", net.encryptionKeyCertificate("patient-1")), true);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path))
        .header("Authorization", "Bearer " + token);
    b = body == null ? b.GET() : b.header("Content-Type", "application/fhir+json").method(method, HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET of a health record with the reader's own signed read request (purpose TREAT), as the SDK sends it. */
  static HttpResponse<String> signedRead(String path, String token, String reader, String record) throws Exception {
    TestNetwork.User u = net.user(reader);
    var request = new org.medledger.apps.records.contract.audit.ReadRequest(net.genesis.signingChainId(), u.id(),
        org.medledger.crypto.Hash.fromHex(record), org.medledger.apps.records.contract.consent.PurposeOfUse.TREAT, "", System.currentTimeMillis(),
        org.medledger.crypto.Hash.of(net.suite.hash().hash(("fhir-read-" + System.nanoTime()).getBytes(StandardCharsets.UTF_8))));
    HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.apiPort() + path))
        .header("Authorization", "Bearer " + token)
        .header(org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER,
            org.medledger.apps.records.contract.audit.SignedReadRequest.sign(request, u.signer()).toHex()).GET().build();
    return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
  }

  static <T> T fhir(HttpResponse<String> r, Class<T> type) {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
    FhirConformance.assertValid(r.body());
    return type.cast(FhirJson.parse(r.body().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void storeReadAndSearchThroughFhir() throws Exception {
    String obs = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
        + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"laboratory\"}]}],"
        + "\"code\":{\"text\":\"Glucose\"},\"subject\":{\"reference\":\"Patient/" + pid + "\"},"
        + "\"valueQuantity\":{\"value\":5.4,\"unit\":\"mmol/L\"}}";
    HttpResponse<String> created = call("POST", "/fhir/Observation", wang, obs);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    assertThat(location).as("a stored record's one version").endsWith("/_history/1");
    String id = location.substring(0, location.length() - "/_history/1".length());
    id = id.substring(id.lastIndexOf('/') + 1);

    HttpResponse<String> invalid = call("POST", "/fhir/Observation", wang, obs.replace("\"final\"", "\"finished\""));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(fhir(invalid, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("finished");
    HttpResponse<String> unknown = call("POST", "/fhir/Observation", wang, obs.replace(pid.toString(), "ab".repeat(32)));
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(call("POST", "/fhir/Observation", patient, obs).statusCode()).as("a patient does not store").isEqualTo(403);

    HttpResponse<String> unsigned = call("GET", "/fhir/Observation/" + id, wang, null);
    assertThat(unsigned.statusCode()).as("a read without the reader's signed request").isEqualTo(400);
    assertThat(fhir(unsigned, OperationOutcome.class).getIssueFirstRep().getDiagnostics())
        .contains("missing_read_request").contains(org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER);
    HttpResponse<String> read = signedRead("/fhir/Observation/" + id, wang, "dr-wang", id);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(read.body()).isEqualTo(obs);
    FhirConformance.assertValid(read.body());
    // vread of its one version: the same bytes through the same policy point; no other version, no history.
    HttpResponse<String> vread = signedRead("/fhir/Observation/" + id + "/_history/1", wang, "dr-wang", id);
    assertThat(vread.statusCode()).as(vread.body()).isEqualTo(200);
    assertThat(vread.body()).isEqualTo(obs);
    assertThat(vread.headers().firstValue("ETag")).as("the version it served").hasValue("W/\"1\"");
    assertThat(read.headers().firstValue("ETag")).as("read names the same version").hasValue("W/\"1\"");
    FhirConformance.assertValid(vread.body());
    HttpResponse<String> second = signedRead("/fhir/Observation/" + id + "/_history/2", wang, "dr-wang", id);
    assertThat(second.statusCode()).isEqualTo(404);
    assertThat(second.headers().firstValue("ETag")).as("a refusal names no version").isEmpty();
    assertThat(fhir(second, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("its one version is 1");
    HttpResponse<String> history = signedRead("/fhir/Observation/" + id + "/_history", wang, "dr-wang", id);
    assertThat(history.statusCode()).isEqualTo(405);
    assertThat(fhir(history, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("no history-instance");
    HttpResponse<String> unsignedVread = call("GET", "/fhir/Observation/" + id + "/_history/1", wang, null);
    assertThat(unsignedVread.statusCode()).as("vread asks the signed read request as read does").isEqualTo(400);
    HttpResponse<String> strangerVread = call("GET", "/fhir/Observation/" + id + "/_history/1", otherPatient, null);
    assertThat(strangerVread.statusCode()).as("another patient tries her neighbour's record by version").isEqualTo(403);
    assertThat(fhir(strangerVread, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("no consent");
    HttpResponse<String> regulator = call("GET", "/fhir/Observation/" + id, inspector, null);
    assertThat(regulator.statusCode()).isEqualTo(403);
    assertThat(fhir(regulator, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("its own organisation's node");
    HttpResponse<String> stranger = call("GET", "/fhir/Observation/" + id, otherPatient, null);
    assertThat(stranger.statusCode()).isEqualTo(403);
    assertThat(fhir(stranger, OperationOutcome.class).getIssueFirstRep().getDiagnostics()).contains("no consent");

    TestNetwork.User p = net.user("patient-1");
    ConsentGrant g = new ConsentGrant(net.genesis.chainId(), pid, Grantee.organisation("hospital-b"), new TreeSet<>(Set.of("laboratory")),
        new TreeSet<>(), new TreeSet<>(Set.of(PurposeOfUse.TREAT)), System.currentTimeMillis() - 1000,
        System.currentTimeMillis() + 3_600_000, false, "fhir-test");
    new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).withToken(patient).submit(net.tx(p, "consent", "grant",
        "grant", Hex.encode(g.encode()), "signature", Hex.encode(p.signer().sign(g.encode()))), true);

    Bundle docs = fhir(call("GET", "/fhir/DocumentReference?patient=" + pid, patient, null), Bundle.class);
    assertThat(docs.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(docs.getEntry()).extracting(e -> ((DocumentReference) e.getResource()).getIdElement().getIdPart()).contains(id);
    Bundle consents = fhir(call("GET", "/fhir/Consent?patient=" + pid, patient, null), Bundle.class);
    assertThat(consents.getEntry()).extracting(e -> ((Consent) e.getResource()).getStatus()).containsExactly(Consent.ConsentState.ACTIVE);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    Bundle audit = null;
    for (int i = 0; i < 100; i++) {
      audit = fhir(call("GET", "/fhir/AuditEvent?patient=" + pid + "&date=ge" + today, patient, null), Bundle.class);
      if (audit.getTotal() >= 2) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(audit.getEntry()).extracting(e -> ((AuditEvent) e.getResource()).getOutcome())
        .contains(AuditEvent.AuditEventOutcome._0, AuditEvent.AuditEventOutcome._4);
    Bundle before = fhir(call("GET", "/fhir/AuditEvent?patient=" + pid + "&date=lt" + today, patient, null), Bundle.class);
    assertThat(before.getTotal()).isZero();
    // Without a patient: whatever the caller may see. The regulator sees the audit (never content).
    Bundle all = fhir(call("GET", "/fhir/AuditEvent", inspector, null), Bundle.class);
    assertThat(all.getTotal()).isGreaterThanOrEqualTo(2);
    assertThat(fhir(call("GET", "/fhir/Provenance?patient=" + pid, inspector, null), Bundle.class).getTotal()).isEqualTo(1);
    assertThat(all.getEntry()).allSatisfy(e -> assertThat(e.getResource().getIdElement().getIdPart()).hasSizeLessThanOrEqualTo(64));
    fhir(call("GET", "/fhir/Consent", inspector, null), Bundle.class);
    fhir(call("GET", "/fhir/DocumentReference", inspector, null), Bundle.class);
    HttpResponse<String> notFound = call("GET", "/fhir/Consent/" + "ab".repeat(32), patient, null);
    assertThat(notFound.statusCode()).isEqualTo(404);
    fhir(notFound, OperationOutcome.class);
    String consentId = consents.getEntryFirstRep().getResource().getIdElement().getIdPart();
    assertThat(fhir(call("GET", "/fhir/Consent/" + consentId, patient, null), Consent.class).getStatus()).isEqualTo(Consent.ConsentState.ACTIVE);
    assertThat(fhir(call("GET", "/fhir/DocumentReference/" + id, patient, null), DocumentReference.class).getStatus())
        .isEqualTo(org.hl7.fhir.r4.model.Enumerations.DocumentReferenceStatus.CURRENT);
    fhir(call("GET", "/fhir/Provenance/" + id, patient, null), org.hl7.fhir.r4.model.Provenance.class);
    assertThat(call("GET", "/fhir/AuditEvent", "not-a-token", null).statusCode()).isEqualTo(401);
  }
  /**
   * Least privilege (issue 19 item 5), the cheating colleague: the custodian hospital's admin, at
   * her own node, with her own signed read request, asks for an Observation it holds. Refused
   * (403 OperationOutcome, nothing of the content) and the refusal committed to the patient's
   * audit; the record's REST read and content alike. The DocumentReference index, which names no
   * content, still serves her; her clinician colleague reads the Observation.
   */
  @Test
  void theCustodiansAdminReadsTheIndexButNoClinicalContent() throws Exception {
    MedLedgerClient c = net.login(node, "dr-wang");
    c.submit(net.register(net.user("admin-a")), true);
    String admin = login("admin-a");
    String obs = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"HbA1c\"},"
        + "\"subject\":{\"reference\":\"Patient/" + pid + "\"},\"valueQuantity\":{\"value\":61.5,\"unit\":\"mmol/mol\"}}";
    HttpResponse<String> created = call("POST", "/fhir/Observation?category=laboratory", wang, obs);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String id = location.substring(0, location.length() - "/_history/1".length());
    id = id.substring(id.lastIndexOf('/') + 1);

    HttpResponse<String> refused = signedRead("/fhir/Observation/" + id, admin, "admin-a", id);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    OperationOutcome outcome = fhir(refused, OperationOutcome.class);
    assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("an admin of hospital-a reads no clinical content");
    assertThat(refused.body()).doesNotContain("61.5").doesNotContain("HbA1c");
    HttpResponse<String> content = signedRead("/v1/records/" + id + "/content", admin, "admin-a", id);
    assertThat(content.statusCode()).as(content.body()).isEqualTo(403);
    assertThat(content.body()).doesNotContain("61.5");
    HttpResponse<String> keyed = signedRead("/v1/records/" + id, admin, "admin-a", id);
    assertThat(keyed.statusCode()).as("no wrapped key either: " + keyed.body()).isEqualTo(403);
    var hers = org.medledger.apps.records.contract.audit.AuditContract.ofRecord(node.ledger().state(),
        org.medledger.crypto.Hash.fromHex(id)).stream().filter(e -> e.requester().equals(net.user("admin-a").id())).toList();
    assertThat(hers).as("each refusal on the ledger before it was answered").hasSize(3)
        .allSatisfy(e -> assertThat(e.served()).isFalse());

    HttpResponse<String> index = call("GET", "/fhir/DocumentReference/" + id, admin, null);
    assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
    fhir(index, DocumentReference.class);
    assertThat(index.body()).doesNotContain("61.5");
    HttpResponse<String> served = signedRead("/fhir/Observation/" + id, wang, "dr-wang", id);
    assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
    assertThat(served.body()).contains("61.5");
  }
}
