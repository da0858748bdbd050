package org.medledger.apps.credentials.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.client.ApiException;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.TestNetwork;
import picocli.CommandLine;

/**
 * Issue 16 item 5 on one real validator: the regulator's inspector records (with the command line)
 * the primary-source verification behind dr-wang's licence, kept by hospital-a's node; hospital-b's
 * dr-li is refused it and the refusal is on the ledger, dr-li cannot consent in dr-wang's name nor
 * admin-b reuse it; once dr-wang consents, dr-li reads it (REST and FHIR, valid R4) and admin-b
 * records the reuse; under a 0-day policy it is renewal-due (REST) and {@code req-revalid} (FHIR);
 * dr-wang has the document erased (hospital-b's admin cannot), after which reads answer 410 and the
 * entry stays; a document changed after its hash was signed is refused with nothing recorded. Who read it is hidden
 * from members it does not concern.
 */
class VerificationReuseNetworkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400_000L;
  private static final String BASE = "v1/credential-verifications";
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    for (TestNetwork.User u : net.users.values()) {
      JsonNode r = net.login(node, u.name()).submit(net.register(u), true);
      assertThat(r.path("outcome").path("success").asBoolean()).as("register %s: %s", u.name(), r).isTrue();
    }
    long today = System.currentTimeMillis() / DAY * DAY;
    TestNetwork.User inspector = net.user("inspector");
    TestNetwork.User wang = net.user("dr-wang");
    ClinicianCredential claims = new ClinicianCredential(net.genesis.chainId(), "regulator", "RG-7001", wang.id(),
        "hospital-a", "Physician", List.of("Cardiology"), List.of(Scope.PRESCRIBE), today - DAY, today + 365 * DAY);
    SignedCredential c = SignedCredential.sign(claims, net.suite, inspector.signer(), inspector.id(),
        System.currentTimeMillis());
    Transaction tx = net.tx(inspector, "credentials", "issue", "licence", "RG-7001", "holder", wang.id().hex(),
        "profession", "Physician", "specialties", "Cardiology", "scopes", "prescribe", "validFrom",
        Long.toString(claims.validFrom()), "validUntil", Long.toString(claims.validUntil()), "document",
        c.hash(net.suite).hex());
    ObjectNode body = JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
    body.set("credential", c.document());
    assertThat(as("inspector").post("v1/credentials", body).path("outcome").path("success").asBoolean()).isTrue();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static MedLedgerClient as(String user) {
    return net.login(node, user);
  }

  static String[] identity(String user) throws Exception {
    Path folder = dir.resolve("identities").resolve(user);
    Files.createDirectories(folder);
    TestNetwork.User u = net.user(user);
    Files.writeString(folder.resolve("cert.pem"), u.pem());
    Files.writeString(folder.resolve("key.pem"), Pem.privateKey(u.keys().getPrivate()));
    return new String[] {"--api", "http://127.0.0.1:" + node.apiPort(), "--identity", folder.toString()};
  }

  record Run(int exit, String out) {}

  /** {@code medledger credential verification …} as the named member, its printed lines captured. */
  static Run cli(String user, String... args) throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("verification"));
    all.add(args[0]);
    all.addAll(List.of(identity(user)));
    all.addAll(List.of(args).subList(1, args.length));
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    int rc;
    try {
      rc = new CommandLine(new CredentialCommand()).execute(all.toArray(String[]::new));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new Run(rc, printed.toString(StandardCharsets.UTF_8));
  }

  static JsonNode signedPost(String user, String path, String method, String... args) {
    Transaction tx = net.tx(net.user(user), "credentials", method, args);
    return as(user).post(path, JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded())));
  }

  static JsonNode audit(String id) {
    return as("dr-wang").get(BASE + "/" + id + "/audit");
  }

  /**
   * The cheat the custodian's route cannot see: the inspector signs {@code recordVerification}
   * herself and submits it through the generic transaction route, naming an organisation the
   * genesis does not have. The contract asks the chain's membership and refuses it by name.
   */
  @Test
  void aVerificationSignedDirectlyWithAMadeUpCustodianIsRefusedByTheLedger() {
    String document = Hex.encode(net.suite.hash().hash("made-up custodian".getBytes(StandardCharsets.UTF_8)));
    Transaction tx = net.tx(net.user("inspector"), "credentials", "recordVerification", "issuer", "regulator",
        "licence", "RG-7001", "document", document, "sources", "degree", "custodian", "offshore-archive");
    JsonNode refused = as("inspector").submit(tx, true);
    assertThat(refused.path("outcome").path("code").asText()).as(refused.toString()).isEqualTo("invalid_argument");
    assertThat(refused.path("outcome").path("message").asText())
        .contains("custodian 'offshore-archive' is not an organisation of this network");
    assertThat(as("admin-b").get(BASE + "?issuer=regulator&licence=RG-7001").get("verifications").toString())
        .doesNotContain(document);
  }

  @Test
  void aHospitalReusesTheVerificationOnlyWithHerConsentAndEveryReadIsOnTheLedger() throws Exception {
    Path written = dir.resolve("verification.json");
    Run recorded = cli("inspector", "record", "--issuer", "regulator", "--licence", "RG-7001", "--source",
        "degree=Peking University Health Science Center", "--source", "board-exam=National Medical Examination Center",
        "--source", "prior-licence=Medical Council of Hong Kong", "--checked-on", "2026-11-30", "--custodian",
        "hospital-a", "--out", written.toString());
    assertThat(recorded.exit()).as(recorded.out()).isZero();
    Matcher m = Pattern.compile("verification id ([0-9a-f]{64})").matcher(recorded.out());
    assertThat(m.find()).as(recorded.out()).isTrue();
    String id = m.group(1);
    FhirConformance.assertValid(Files.readString(written));
    JsonNode listed = as("admin-b").get(BASE + "?issuer=regulator&licence=RG-7001").get("verifications");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("sources").asText()).isEqualTo("degree,board-exam,prior-licence");
    assertThat(listed.get(0).get("clinician").asText()).isEqualTo(net.user("dr-wang").id().hex());
    assertThat(listed.get(0).get("verifiedBy").asText()).isEqualTo(net.user("inspector").id().hex());

    // Without her consent hospital-b is refused, over REST and FHIR alike, and each refusal is on the ledger.
    assertThatThrownBy(() -> as("dr-li").get(BASE + "/" + id)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.getMessage()).contains("has not consented to hospital-b");
    });
    assertThatThrownBy(() -> as("dr-li").get("fhir/VerificationResult/" + id))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    JsonNode reads = audit(id).get("reads");
    assertThat(reads).hasSize(2);
    for (JsonNode r : reads) {
      assertThat(r.get("outcome").asText()).isEqualTo("refused");
      assertThat(r.get("reader").asText()).isEqualTo(net.user("dr-li").id().hex());
      assertThat(r.get("loggedBy").asText()).isEqualTo("hospital-a");
    }
    assertThatThrownBy(() -> as("dr-li").get(BASE + "/" + id + "/audit"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    // Who read her verification tells where she applies: the logging transaction is hers, the reader's and the
    // authority's to see, not her own hospital's admin's.
    String refusedTx = reads.get(0).get("id").asText();
    assertThat(as("dr-wang").get("v1/transactions/" + refusedTx).toString()).contains("verificationRead");
    assertThat(as("dr-li").get("v1/transactions/" + refusedTx).toString()).contains("verificationRead");
    assertThatThrownBy(() -> as("admin-a").get("v1/transactions/" + refusedTx))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    String readKey = "v1/receipts/state?key=credentials/verification-read/" + id + "/" + refusedTx;
    assertThat(as("dr-li").get(readKey).isObject()).isTrue();
    assertThatThrownBy(() -> as("admin-a").get(readKey))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    // dr-li cannot consent in dr-wang's name, and admin-b cannot record a reuse she has not consented to.
    JsonNode selfGrant = signedPost("dr-li", BASE + "/" + id + "/consents", "grantVerification", "verification", id,
        "organisation", "hospital-b");
    assertThat(selfGrant.path("outcome").path("code").asText()).isEqualTo("forbidden");
    JsonNode earlyReuse = signedPost("admin-b", BASE + "/" + id + "/reuses", "reuseVerification", "verification", id);
    assertThat(earlyReuse.path("outcome").path("code").asText()).isEqualTo("forbidden");
    assertThat(audit(id).get("consents")).isEmpty();
    assertThat(audit(id).get("reuses")).isEmpty();

    // She consents (the command line); hospital-b reads it and records the reuse.
    String until = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString();
    Run granted = cli("dr-wang", "grant", id, "--organisation", "hospital-b", "--until", until);
    assertThat(granted.exit()).as(granted.out()).isZero();
    JsonNode served = as("dr-li").get(BASE + "/" + id);
    assertThat(served.get("status").asText()).isEqualTo("validated");
    assertThat(served.get("renewalDue").asBoolean()).isFalse();
    assertThat(served.get("document").get("primarySource")).hasSize(3);
    assertThat(served.get("document")).isEqualTo(JSON.readTree(Files.readString(written)));
    String fhir = as("dr-li").get("fhir/VerificationResult/" + id).toString();
    FhirConformance.assertValid(fhir);
    JsonNode resource = JSON.readTree(fhir);
    assertThat(resource.get("status").asText()).isEqualTo("validated");
    assertThat(resource.get("id").asText()).isEqualTo(id);
    assertThat(resource.has("nextScheduled")).isTrue();
    assertThat(resource.has("lastPerformed")).isTrue();
    JsonNode reused = signedPost("admin-b", BASE + "/" + id + "/reuses", "reuseVerification", "verification", id);
    assertThat(reused.path("outcome").path("success").asBoolean()).as(reused.toString()).isTrue();

    // A 0-day policy: every reuse of the regulator's verifications is due for renewal.
    JsonNode policy = as("inspector").submit(net.tx(net.user("inspector"), "credentials", "verificationPolicy",
        "maxAgeDays", "0"), true);
    assertThat(policy.path("outcome").path("success").asBoolean()).as(policy.toString()).isTrue();
    JsonNode due = as("dr-li").get(BASE + "/" + id);
    assertThat(due.get("renewalDue").asBoolean()).isTrue();
    assertThat(due.get("status").asText()).isEqualTo("renewal-due");
    String dueFhir = as("dr-li").get("fhir/VerificationResult/" + id).toString();
    FhirConformance.assertValid(dueFhir);
    assertThat(JSON.readTree(dueFhir).get("status").asText()).isEqualTo("req-revalid");
    signedPost("admin-b", BASE + "/" + id + "/reuses", "reuseVerification", "verification", id);

    JsonNode log = audit(id);
    assertThat(log.get("reads")).hasSize(6);
    assertThat(log.get("reads").findValuesAsText("outcome")).containsExactly("refused", "refused", "served", "served",
        "served", "served");
    assertThat(log.get("reuses").findValuesAsText("renewalDue")).containsExactly("false", "true");
    assertThat(log.get("reuses").get(0).get("by").asText()).isEqualTo(net.user("admin-b").id().hex());

    // She withdraws; hospital-b is refused again.
    assertThat(cli("dr-wang", "withdraw", id, "--organisation", "hospital-b").exit()).isZero();
    Run refused = cli("dr-li", "read", id);
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out()).contains("withdrew her consent for hospital-b");

    // hospital-b's admin cannot have it erased; dr-wang can: the file goes, reads answer 410, the entry stays.
    Path kept = net.config.dataDir().resolve("apps/credentials/verifications").resolve(id + ".json");
    JsonNode byAdmin = signedPost("admin-b", BASE + "/" + id + "/erasure", "eraseVerification", "verification", id);
    assertThat(byAdmin.path("outcome").path("code").asText()).as(byAdmin.toString()).isEqualTo("forbidden");
    assertThat(Files.exists(kept)).isTrue();
    JsonNode erased = signedPost("dr-wang", BASE + "/" + id + "/erasure", "eraseVerification", "verification", id);
    assertThat(erased.path("outcome").path("success").asBoolean()).as(erased.toString()).isTrue();
    assertThat(Files.exists(kept)).isFalse();
    assertThatThrownBy(() -> as("dr-wang").get(BASE + "/" + id)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(410);
      assertThat(e.getMessage()).contains("erased");
    });
    assertThatThrownBy(() -> as("dr-wang").get("fhir/VerificationResult/" + id)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(410));
    assertThat(as("admin-b").get(BASE + "?issuer=regulator&licence=RG-7001").get("verifications").toString())
        .contains(id);
  }

  @Test
  void aDocumentChangedAfterItsHashWasSignedIsRefusedAndNothingIsRecorded() throws Exception {
    TestNetwork.User inspector = net.user("inspector");
    VerificationDocument honest = VerificationDocument.of("regulator", "RG-7001", net.user("dr-wang").id(),
        inspector.id(), List.of(new PrimarySourceCheck(org.medledger.apps.credentials.contract.PrimarySourceKind.DEGREE,
            "Fudan University", "failed", java.time.LocalDate.of(2026, 11, 1))));
    Transaction tx = net.tx(inspector, "credentials", "recordVerification", "issuer", "regulator", "licence", "RG-7001",
        "document", honest.hash(net.suite.hash()).hex(), "sources", "degree", "custodian", "hospital-a");
    ObjectNode forged = (ObjectNode) honest.json().deepCopy();
    ((ObjectNode) forged.get("primarySource").get(0).get("validationStatus").get("coding").get(0)).put("code", "successful");
    forged.put("status", "validated");
    ObjectNode body = JSON.createObjectNode().put("transaction", Hex.encode(tx.encoded()));
    body.set("verification", forged);
    int before = as("inspector").get(BASE + "?issuer=regulator&licence=RG-7001").get("verifications").size();
    assertThatThrownBy(() -> as("inspector").post(BASE, body)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.getMessage()).contains("is not the transaction's document " + honest.hash(net.suite.hash()).hex());
    });
    Transaction elsewhere = net.tx(inspector, "credentials", "recordVerification", "issuer", "regulator", "licence",
        "RG-7001", "document", honest.hash(net.suite.hash()).hex(), "sources", "degree", "custodian", "regulator");
    ObjectNode misplaced = JSON.createObjectNode().put("transaction", Hex.encode(elsewhere.encoded()));
    misplaced.set("verification", honest.json());
    assertThatThrownBy(() -> as("inspector").post(BASE, misplaced)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.getMessage()).contains("is not this node's organisation hospital-a"));
    // A hospital admin's own document and transaction agree, but she is no licensing authority: the ledger refuses her
    // and the node drops the document it held for her.
    TestNetwork.User admin = net.user("admin-a");
    VerificationDocument hers = VerificationDocument.of("regulator", "RG-7001", net.user("dr-wang").id(), admin.id(),
        List.of(new PrimarySourceCheck(org.medledger.apps.credentials.contract.PrimarySourceKind.DEGREE, "Fudan University",
            "successful", java.time.LocalDate.of(2026, 11, 1))));
    Transaction byAdmin = net.tx(admin, "credentials", "recordVerification", "issuer", "regulator", "licence", "RG-7001",
        "document", hers.hash(net.suite.hash()).hex(), "sources", "degree", "custodian", "hospital-a");
    ObjectNode adminBody = JSON.createObjectNode().put("transaction", Hex.encode(byAdmin.encoded()));
    adminBody.set("verification", hers.json());
    JsonNode refused;
    try {
      refused = as("admin-a").post(BASE, adminBody);
    } catch (ApiException e) {
      refused = JSON.createObjectNode().put("refusedStatus", e.status());
    }
    assertThat(refused.path("outcome").path("success").asBoolean()).as(refused.toString()).isFalse();
    assertThat(Files.exists(net.config.dataDir().resolve("apps/credentials/verifications")
        .resolve(hers.hash(net.suite.hash()).hex() + ".json"))).isFalse();
    assertThat(as("inspector").get(BASE + "?issuer=regulator&licence=RG-7001").get("verifications")).hasSize(before);
    assertThatThrownBy(() -> as("dr-wang").get(BASE + "/" + honest.hash(net.suite.hash()).hex()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
