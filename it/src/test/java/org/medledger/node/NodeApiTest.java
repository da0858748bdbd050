package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.InclusionProofVerifier;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.Verification;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleVerifier;

/** The REST API of a real node (RocksDB, HTTP on a free port), driven by the Java SDK. */
class NodeApiTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static String api;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    api = "http://127.0.0.1:" + node.apiPort();
    MedLedgerClient c = new MedLedgerClient(api);
    for (TestNetwork.User u : net.users.values()) {
      c.login(identity(u));
      JsonNode r = c.submit(net.register(u), true);
      assertThat(r.path("outcome").path("success").asBoolean()).as("register %s: %s", u.name(), r).isTrue();
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static ClientIdentity identity(TestNetwork.User u) {
    return new ClientIdentity(net.suite, u.certificate(), u.keys().getPrivate());
  }

  static MedLedgerClient as(String user) {
    MedLedgerClient c = new MedLedgerClient(api);
    c.login(identity(net.user(user)));
    return c;
  }

  @Test
  void healthAndOpenApiArePublic() {
    MedLedgerClient anon = new MedLedgerClient(api);
    assertThat(anon.health().get("status").asText()).isEqualTo("ok");
    assertThat(anon.get("v1/openapi.json").get("openapi").asText()).startsWith("3.");
  }

  @Test
  void everythingElseNeedsAToken() {
    MedLedgerClient anon = new MedLedgerClient(api);
    assertThatThrownBy(() -> anon.block(0)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("unauthorized");
    });
    MedLedgerClient forged = new MedLedgerClient(api).withToken("eyJmb28iOiJiYXIifQ.AAAA");
    assertThatThrownBy(() -> forged.block(0)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void aChallengeSignedWithTheWrongKeyGetsNoToken() {
    MedLedgerClient c = new MedLedgerClient(api);
    TestNetwork.User wang = net.user("dr-wang");
    KeyPair other = net.suite.signatures().generateKeyPair(new java.security.SecureRandom());
    var impostorSigner = net.suite.signatures().signer(other);
    String wangsCertificate = org.medledger.crypto.x509.Pem.certificate(wang.certificate());
    assertThatThrownBy(() -> c.login(wangsCertificate, impostorSigner)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("does not verify");
    });
  }

  @Test
  void aCertificateFromOutsideTheConsortiumGetsNoChallenge() {
    var rogue = org.medledger.crypto.x509.CertificateAuthority.create(net.suite, "hospital-a", new java.util.Date(System.currentTimeMillis() - 1000),
        new java.util.Date(System.currentTimeMillis() + 100_000), new java.security.SecureRandom());
    KeyPair k = net.suite.signatures().generateKeyPair(new java.security.SecureRandom());
    var cert = rogue.issueUser("mallory", org.medledger.crypto.x509.Role.ADMIN, k.getPublic(), new java.util.Date(System.currentTimeMillis() - 1000),
        new java.util.Date(System.currentTimeMillis() + 100_000));
    assertThatThrownBy(() -> new MedLedgerClient(api).login(new ClientIdentity(net.suite, cert, k.getPrivate())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("not signed by the CA"));
  }

  @Test
  void submitsWaitsForCommitAndProvesInclusionOffline() throws Exception {
    MedLedgerClient wang = as("dr-wang");
    Transaction tx = net.anchor(net.user("dr-wang"), net.fingerprint("lab report " + System.nanoTime()));
    JsonNode r = wang.submit(tx, true);
    assertThat(r.get("status").asText()).isEqualTo("committed");
    assertThat(r.path("outcome").path("success").asBoolean()).isTrue();
    String id = tx.id(net.suite.hash()).hex();

    JsonNode stored = wang.transaction(id);
    assertThat(stored.get("contract").asText()).isEqualTo("notary");
    assertThat(stored.get("encoded").asText()).isEqualTo(Hex.encode(tx.encoded()));
    JsonNode block = wang.block(r.get("height").asLong());
    List<String> ids = new ArrayList<>();
    block.get("txIds").forEach(n -> ids.add(n.asText()));
    assertThat(ids).contains(id);
    assertThat(block.get("certificate").get("seals")).hasSize(1);

    JsonNode proof = wang.inclusionProof(id);
    Verification v = new InclusionProofVerifier(net.genesis).verify(proof);
    assertThat(v.ok()).as(v.toString()).isTrue();
    // Any byte of the proof changed fails.
    String root = proof.get("rootHash").asText();
    // A different first hex digit, whatever the root starts with (an "00" prefix once made this a no-op).
    String tampered = proof.toString().replace(root, (root.charAt(0) == '0' ? "1" : "0") + root.substring(1));
    assertThat(new InclusionProofVerifier(net.genesis).verify(new ObjectMapper().readTree(tampered)).ok()).isFalse();
  }

  @Test
  void consistencyProofsShowTheLogOnlyGrew() {
    MedLedgerClient c = as("inspector");
    long before = c.health().get("logSize").asLong();
    as("dr-wang").submit(net.anchor(net.user("dr-wang"), net.fingerprint("x" + System.nanoTime())), true);
    long after = c.health().get("logSize").asLong();
    JsonNode p = c.consistencyProof(before, after);
    List<byte[]> path = new ArrayList<>();
    p.get("path").forEach(n -> path.add(Hex.decode(n.asText())));
    MerkleVerifier v = new MerkleVerifier(new MerkleHasher(net.suite.hash()));
    assertThat(v.verifyConsistency(before, after, Hex.decode(p.get("fromRoot").asText()), Hex.decode(p.get("toRoot").asText()), path)).isTrue();
    assertThat(Hex.decode(p.get("toRoot").asText())).isEqualTo(Hex.decode(c.block(c.health().get("height").asLong()).get("logRoot").asText()));
    assertThatThrownBy(() -> c.consistencyProof(after, before)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
  }

  @Test
  void restAnchoringIsForTheNodesOwnOrganisationsStaff() {
    JsonNode body = new ObjectMapper().createObjectNode().put("hash", net.fingerprint("rest " + System.nanoTime())).put("type", "imaging");
    JsonNode ok = as("admin-a").post("v1/notary/anchor", body);
    assertThat(ok.path("outcome").path("success").asBoolean()).isTrue();
    JsonNode found = as("inspector").get("v1/notary/" + body.get("hash").asText());
    assertThat(found.get("owner").asText()).isEqualTo("hospital-a");
    assertThatThrownBy(() -> as("admin-b").post("v1/notary/anchor", body))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> as("patient-1").post("v1/notary/anchor", body))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.getMessage()).contains("role");
        });
  }

  @Test
  void errorsAreJsonWithAFittingStatus() {
    MedLedgerClient c = as("inspector");
    assertThatThrownBy(() -> c.block(999_999)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.code()).isEqualTo("not_found");
    });
    assertThatThrownBy(() -> c.transaction("zz")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> c.get("v1/blocks/abc")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("whole number"));
    assertThatThrownBy(() -> c.get("v1/nope")).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> c.post("v1/transactions", new ObjectMapper().createObjectNode().put("transaction", "0102")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("malformed");
        });
  }

  @Test
  void batchSubmissionReportsEachTransaction() throws Exception {
    MedLedgerClient c = as("dr-wang");
    Transaction good = net.anchor(net.user("dr-wang"), net.fingerprint("batch " + System.nanoTime()));
    byte[] bad = net.anchor(net.user("dr-wang"), net.fingerprint("batch bad " + System.nanoTime())).encoded().clone();
    bad[bad.length - 5] ^= 1;
    var resp = c.submitBatchAsync(List.of(good, Transaction.decode(bad))).get();
    JsonNode r = new ObjectMapper().readTree(resp.body());
    assertThat(resp.statusCode()).isEqualTo(200);
    assertThat(r.get("accepted").asInt()).isEqualTo(1);
    assertThat(r.get("results").get(1).get("error").asText()).isEqualTo("bad_signature");
    assertThat(new String(resp.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).contains(good.id(net.suite.hash()).hex());
  }
}
