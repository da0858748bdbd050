package org.medledger.apps.credentials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.apps.credentials.verify.CredentialFailure;
import org.medledger.apps.credentials.verify.CredentialPresentation;
import org.medledger.apps.credentials.verify.CredentialQr;
import org.medledger.apps.credentials.verify.CredentialVerdict;
import org.medledger.apps.credentials.verify.CredentialVerifier;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import picocli.CommandLine;

/**
 * The credentials routes on a real node and the offline check of what they hand out: the
 * regulator's inspector issues dr-wang a credential through {@code POST /v1/credentials}, its
 * status snapshot verifies against the genesis alone, and suspension, revocation, a forged or
 * changed document, an issuer who is no licensing authority, a stale snapshot and unreadable
 * input each answer their reason code.
 */
class CredentialsApiNetworkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000L;
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static CredentialVerifier verifier;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    for (TestNetwork.User u : net.users.values()) {
      JsonNode r = net.login(node, u.name()).submit(net.register(u), true);
      assertThat(r.path("outcome").path("success").asBoolean()).as("register %s: %s", u.name(), r).isTrue();
    }
    verifier = new CredentialVerifier(net.genesis);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static MedLedgerClient as(String user) {
    return net.login(node, user);
  }

  static MedLedgerClient anyone() {
    return new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
  }

  static SignedCredential document(String signer, String licence, String holder, List<Scope> scopes) {
    TestNetwork.User by = net.user(signer);
    TestNetwork.User h = net.user(holder);
    long today = System.currentTimeMillis() / DAY * DAY;
    ClinicianCredential claims = new ClinicianCredential(net.genesis.chainId(), by.organisation(), licence, h.id(),
        h.organisation(), "Physician", List.of("Emergency medicine"), scopes, today - DAY, today + 365 * DAY);
    return SignedCredential.sign(claims, net.suite, by.signer(), by.id(), System.currentTimeMillis());
  }

  static ObjectNode issueBody(String signer, SignedCredential c) {
    ClinicianCredential k = c.claims();
    Transaction tx = net.tx(net.user(signer), "credentials", "issue", "licence", k.licence(), "holder", k.holder().hex(),
        "profession", k.profession(), "specialties", String.join(";", k.specialties()), "scopes", Scope.wireNames(k.scopes()),
        "validFrom", Long.toString(k.validFrom()), "validUntil", Long.toString(k.validUntil()), "document",
        c.hash(net.suite).hex());
    ObjectNode body = JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
    body.set("credential", c.document());
    return body;
  }

  static String presentation(SignedCredential c, String signer) {
    JsonNode snapshot = anyone().get("v1/credentials/" + c.claims().issuer() + "/" + c.claims().licence() + "/snapshot");
    return CredentialPresentation.of(c, net.user(signer).pem(), snapshot).toJson().toString();
  }

  static JsonNode change(String action, String licence, String reason) {
    Transaction tx = net.tx(net.user("inspector"), "credentials", action, "issuer", "regulator", "licence", licence,
        "reason", reason);
    return as("inspector").post("v1/credentials/regulator/" + licence + "/" + action,
        JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded())));
  }

  static CredentialVerdict check(String presentation) {
    return verifier.verify(presentation, System.currentTimeMillis(), CredentialVerifier.DEFAULT_MAX_AGE_MILLIS);
  }

  @Test
  void anIssuedCredentialVerifiesOfflineAndEachStatusChangeShowsInTheNextSnapshot() throws Exception {
    SignedCredential c = document("inspector", "RG-1001", "dr-wang", List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS));
    JsonNode issued = as("inspector").post("v1/credentials", issueBody("inspector", c));
    assertThat(issued.path("outcome").path("success").asBoolean()).as(issued.toString()).isTrue();
    JsonNode status = anyone().get("v1/credentials/regulator/RG-1001");
    assertThat(status.get("standing").asText()).isEqualTo("active");
    assertThat(status.get("document").asText()).isEqualTo(c.hash(net.suite).hex());

    String active = presentation(c, "inspector");
    CredentialVerdict ok = check(active);
    assertThat(ok.valid()).as(ok.line()).isTrue();
    assertThat(ok.line()).startsWith("VALID Physician licence RG-1001 of regulator").contains("status snapshot of block");

    assertThat(change("suspend", "RG-1001", "complaint under review").path("outcome").path("success").asBoolean()).isTrue();
    CredentialVerdict suspended = check(presentation(c, "inspector"));
    assertThat(suspended.failure()).contains(CredentialFailure.SUSPENDED);
    assertThat(suspended.message()).contains("complaint under review");
    // The snapshot taken before the suspension still says what the ledger held then; a verifier bounds its age.
    assertThat(verifier.verify(active, System.currentTimeMillis() + 2 * DAY, 3 * DAY).valid()).isTrue();
    assertThat(verifier.verify(active, System.currentTimeMillis() + 2 * DAY, DAY).failure())
        .contains(CredentialFailure.STALE_STATUS);

    change("reinstate", "RG-1001", "cleared");
    assertThat(check(presentation(c, "inspector")).valid()).isTrue();
    change("revoke", "RG-1001", "struck off");
    assertThat(check(presentation(c, "inspector")).failure()).contains(CredentialFailure.REVOKED);
    assertThat(check(presentation(c, "inspector")).line()).startsWith("INVALID revoked:");
  }

  @Test
  void aChangedOrForgedDocumentAndAHospitalIssuerAreRefused() throws Exception {
    SignedCredential c = document("inspector", "RG-2002", "dr-li", List.of(Scope.SIGN_CLAIMS));
    assertThat(as("inspector").post("v1/credentials", issueBody("inspector", c)).path("outcome").path("success").asBoolean())
        .isTrue();
    String good = presentation(c, "inspector");
    CredentialVerdict widened = check(good.replace("\"sign-claims\"", "\"break-glass\",\"sign-claims\""));
    assertThat(widened.failure()).contains(CredentialFailure.BAD_SIGNATURE);

    // A hospital admin signs herself a licence: the node will not submit it, the ledger would refuse her role,
    // and a verifier that is handed it anyway names an unknown issuer.
    SignedCredential self = document("admin-a", "HA-1", "dr-wang", List.of(Scope.BREAK_GLASS, Scope.SIGN_CLAIMS));
    JsonNode refused = as("admin-a").post("v1/credentials", issueBody("admin-a", self));
    assertThat(refused.path("outcome").path("success").asBoolean()).isFalse();
    assertThat(refused.path("outcome").path("code").asText()).isEqualTo("forbidden");
    CredentialVerdict forged = check(CredentialPresentation.of(self, net.user("admin-a").pem(),
        JSON.readTree(good).get("status")).toJson().toString());
    assertThat(forged.failure()).contains(CredentialFailure.UNKNOWN_ISSUER);
    assertThat(forged.message()).contains("only a licensing authority's regulator issues credentials");

    // The document must say what the transaction says: a scope added to the document alone is refused by the node.
    SignedCredential wider = document("inspector", "RG-2003", "dr-li", List.of(Scope.SIGN_CLAIMS, Scope.BREAK_GLASS));
    ObjectNode body = issueBody("inspector", document("inspector", "RG-2003", "dr-li", List.of(Scope.SIGN_CLAIMS)));
    body.set("credential", wider.document());
    assertThatThrownBy(() -> as("inspector").post("v1/credentials", body)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(400));
    assertThat(anyone().get("v1/credentials/regulator/RG-2002").get("standing").asText()).isEqualTo("active");
    assertThatThrownBy(() -> anyone().get("v1/credentials/regulator/RG-2003")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(404));
    CredentialVerdict unknown = check(presentation(wider, "inspector"));
    assertThat(unknown.failure()).as(unknown.line()).contains(CredentialFailure.UNKNOWN_CREDENTIAL);
  }

  @Test
  void theVerifyCommandPrintsTheVerdictAndUnreadableInputHasItsCode() throws Exception {
    SignedCredential c = document("inspector", "RG-3003", "dr-wang", List.of(Scope.RECORD_CARE));
    as("inspector").post("v1/credentials", issueBody("inspector", c));
    Path file = dir.resolve("dr-wang-RG-3003.json");
    Files.writeString(file, presentation(c, "inspector"));
    Path genesis = net.dir.resolve("genesis.json");
    java.io.StringWriter out = new java.io.StringWriter();
    CommandLine cli = new CommandLine(new CredentialCommand()).setOut(new java.io.PrintWriter(out));
    java.io.PrintStream was = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    int rc;
    int bad;
    try {
      rc = cli.execute("verify", file.toString(), "--genesis", genesis.toString(), "--max-age", "15m");
      Files.writeString(file, "{\"kind\": \"credential-presentation\"");
      bad = cli.execute("verify", file.toString(), "--genesis", genesis.toString());
    } finally {
      System.setOut(was);
    }
    String text = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(rc).as(text).isZero();
    assertThat(text).contains("VALID Physician licence RG-3003").contains("INVALID unreadable: not JSON");
    assertThat(bad).isEqualTo(1);
  }

  /**
   * The whole presentation as a code's text (the image and four validators' seals:
   * CredentialQrNetworkTest): it verifies with no network, a changed text fails, and its size is printed.
   */
  @Test
  void theCompactTextOfAPresentationVerifiesWithNoNetworkAndChangedTextFails() throws Exception {
    SignedCredential c = document("inspector", "RG-4004", "dr-wang", List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS));
    as("inspector").post("v1/credentials", issueBody("inspector", c));
    String json = presentation(c, "inspector");
    String text = CredentialQr.text(CredentialPresentation.parse(json));
    JsonNode p = JSON.readTree(json);
    System.out.println("credential code text: " + text.length() + " characters; JCS credential "
        + org.medledger.apps.credentials.vc.Jcs.canonical(p.get("credential")).length + " bytes, issuer certificate PEM "
        + p.get("issuerCertificate").asText().length() + ", status snapshot "
        + org.medledger.apps.credentials.vc.Jcs.canonical(p.get("status")).length);
    CredentialVerdict v = CredentialQr.verify(verifier, text, System.currentTimeMillis(), DAY);
    assertThat(v.valid()).as(v.line()).isTrue();

    char[] chars = text.toCharArray();
    int at = chars.length / 2;
    chars[at] = chars[at] == 'A' ? 'B' : 'A';
    CredentialVerdict changed = CredentialQr.verify(verifier, new String(chars), System.currentTimeMillis(), DAY);
    // Which check catches it depends on where the changed bits land (the JSON, the proof, the certificate, the snapshot).
    assertThat(changed.valid()).as(changed.line()).isFalse();
    assertThat(CredentialQr.verify(verifier, "https://example.org/not-ours", 0, DAY).failure())
        .contains(CredentialFailure.UNREADABLE);
  }

  /** Untrusted input: a presentation with any one character changed gets a verdict, never an exception. */
  @Test
  void everyOneCharacterChangeOfAPresentationGetsAVerdictNotAnException() {
    SignedCredential c = document("inspector", "RG-5005", "dr-li", List.of(Scope.SIGN_CLAIMS));
    as("inspector").post("v1/credentials", issueBody("inspector", c));
    String good = presentation(c, "inspector");
    java.util.Random seeded = new java.util.Random(16);
    String alphabet = "0123456789abcdef{}[]\":,zAZ- ";
    int invalid = 0;
    for (int i = 0; i < 300; i++) {
      char[] chars = good.toCharArray();
      chars[seeded.nextInt(chars.length)] = alphabet.charAt(seeded.nextInt(alphabet.length()));
      CredentialVerdict v = check(new String(chars));
      assertThat(v.line()).isNotBlank();
      invalid += v.valid() ? 0 : 1;
    }
    // Some changes leave the same value (a character replaced by itself); most must be caught.
    assertThat(invalid).isGreaterThan(250);
  }

  @Test
  void aRenewalSupersedesTheOldDocumentAndTheVerifiersClockJudgesValidity() throws Exception {
    SignedCredential c = document("inspector", "RG-6006", "dr-wang", List.of(Scope.PRESCRIBE));
    as("inspector").post("v1/credentials", issueBody("inspector", c));
    String old = presentation(c, "inspector");
    long now = System.currentTimeMillis();
    assertThat(verifier.verify(old, c.claims().validUntil(), 400 * DAY).failure()).contains(CredentialFailure.EXPIRED);
    assertThat(verifier.verify(old, c.claims().validFrom() - 1, 400 * DAY).failure())
        .contains(CredentialFailure.NOT_YET_VALID);

    ClinicianCredential k = c.claims();
    SignedCredential renewed = SignedCredential.sign(new ClinicianCredential(k.chainId(), k.issuer(), k.licence(), k.holder(),
        k.holderOrganisation(), k.profession(), k.specialties(), k.scopes(), k.validFrom(), k.validUntil() + 365 * DAY),
        net.suite, net.user("inspector").signer(), net.user("inspector").id(), now);
    Transaction tx = net.tx(net.user("inspector"), "credentials", "renew", "issuer", "regulator", "licence", "RG-6006",
        "validUntil", Long.toString(renewed.claims().validUntil()), "document", renewed.hash(net.suite).hex(), "reason",
        "annual renewal");
    ObjectNode body = JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
    body.set("credential", renewed.document());
    assertThat(as("inspector").post("v1/credentials/regulator/RG-6006/renew", body).path("outcome").path("success")
        .asBoolean()).isTrue();
    assertThat(check(presentation(c, "inspector")).failure()).contains(CredentialFailure.SUPERSEDED);
    CredentialVerdict current = check(presentation(renewed, "inspector"));
    assertThat(current.valid()).as(current.line()).isTrue();
  }

  /**
   * FHIR on the same node: dr-li as {@code Practitioner} with her standing licence as a
   * qualification, found by licence number, and its {@code VerificationResult}, each valid R4 by
   * HAPI's instance validator; suspended, the licence leaves her qualifications and its
   * verification asks for revalidation; an unknown id is a 404 OperationOutcome; a caller the REST
   * route refuses (no sign-in) is refused alike, and a patient is answered as the REST route answers her.
   */
  @Test
  void aClinicianIsAPractitionerWithHerStandingLicencesAndEachHasAVerificationResult() throws Exception {
    SignedCredential c = document("inspector", "RG-7007", "dr-li", List.of(Scope.PRESCRIBE));
    assertThat(as("inspector").post("v1/credentials", issueBody("inspector", c)).path("outcome").path("success").asBoolean())
        .isTrue();
    String holder = net.user("dr-li").id().hex();
    String document = c.hash(net.suite).hex();
    MedLedgerClient hospital = as("admin-b");

    JsonNode practitioner = valid(fhir(hospital, "Practitioner/" + holder, 200));
    assertThat(practitioner.get("identifier").get(0).get("value").asText()).isEqualTo(holder);
    JsonNode qualification = licence(practitioner, "RG-7007");
    assertThat(qualification).as(practitioner.toString()).isNotNull();
    assertThat(qualification.get("identifier").get(0).get("system").asText()).isEqualTo("urn:medledger:licence:regulator");
    assertThat(qualification.get("code").get("coding").get(0).get("code").asText()).isEqualTo("Physician");
    assertThat(qualification.get("code").get("coding").get(1).get("code").asText()).isEqualTo("Emergency medicine");
    assertThat(qualification.get("issuer").get("display").asText()).isEqualTo("regulator");
    assertThat(qualification.get("period").has("start") && qualification.get("period").has("end")).isTrue();

    JsonNode found = valid(fhir(hospital, "Practitioner?identifier=urn:medledger:licence:regulator%7CRG-7007", 200));
    assertThat(found.get("total").asInt()).isEqualTo(1);
    assertThat(found.get("entry").get(0).get("resource").get("id").asText()).isEqualTo(holder);
    assertThat(valid(fhir(hospital, "Practitioner?identifier=urn:medledger:licence:medical-board%7CRG-7007", 200))
        .get("total").asInt()).isZero();

    JsonNode verification = valid(fhir(hospital, "VerificationResult/" + document, 200));
    assertThat(verification.get("status").asText()).isEqualTo("attested");
    assertThat(verification.get("target").get(0).get("reference").asText()).isEqualTo("Practitioner/" + holder);
    assertThat(verification.get("validationType").get("coding").get(0).get("code").asText()).isEqualTo("nothing");
    assertThat(verification.get("attestation").get("onBehalfOf").get("display").asText()).isEqualTo("regulator");

    assertThat(change("suspend", "RG-7007", "under review").path("outcome").path("success").asBoolean()).isTrue();
    assertThat(licence(valid(fhir(hospital, "Practitioner/" + holder, 200)), "RG-7007")).isNull();
    assertThat(valid(fhir(hospital, "VerificationResult/" + document, 200)).get("status").asText()).isEqualTo("req-revalid");

    String unknown = "0".repeat(64);
    assertThat(valid(fhir(hospital, "Practitioner/" + unknown, 404)).get("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(valid(fhir(hospital, "VerificationResult/" + unknown, 404)).get("resourceType").asText())
        .isEqualTo("OperationOutcome");
    assertThat(valid(fhir(hospital, "VerificationResult/not-a-hash", 404)).get("resourceType").asText())
        .isEqualTo("OperationOutcome");

    // The REST route's rule holds on FHIR: nobody signed in reads either; a patient is answered as REST answers her.
    assertThatThrownBy(() -> anyone().get("v1/credentials?holder=" + holder)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(401));
    assertThat(fhirStatus(null, "Practitioner/" + holder)).isEqualTo(401);
    assertThat(fhirStatus(null, "VerificationResult/" + document)).isEqualTo(401);
    int restForPatient = restStatus(as("patient-1"), "v1/credentials?holder=" + holder);
    assertThat(fhirStatus(as("patient-1"), "Practitioner/" + holder)).isEqualTo(restForPatient);
  }

  private static JsonNode licence(JsonNode practitioner, String licence) {
    for (JsonNode q : practitioner.path("qualification")) {
      if (q.path("identifier").path(0).path("value").asText().equals(licence)) {
        return q;
      }
    }
    return null;
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  private static int fhirStatus(MedLedgerClient as, String path) throws Exception {
    var r = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.apiPort() + "/fhir/" + path))
        .header("Accept", "application/fhir+json");
    if (as != null) {
      r.header("Authorization", "Bearer " + as.token());
    }
    return HTTP.send(r.GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static int restStatus(MedLedgerClient as, String path) {
    try {
      as.get(path);
      return 200;
    } catch (ApiException e) {
      return e.status();
    }
  }

  private static JsonNode fhir(MedLedgerClient as, String path, int status) throws Exception {
    var r = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + node.apiPort() + "/fhir/" + path))
        .header("Authorization", "Bearer " + as.token()).header("Accept", "application/fhir+json").GET().build();
    var resp = HTTP.send(r, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(path + ": " + resp.body()).isEqualTo(status);
    return JSON.readTree(resp.body());
  }

  private static JsonNode valid(JsonNode resource) {
    org.medledger.fhirconformance.FhirConformance.assertValid(resource.toString());
    return resource;
  }
}
