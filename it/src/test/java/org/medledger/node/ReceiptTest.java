package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.apps.notary.contract.NotaryContract;
import org.medledger.core.tx.Transaction;

/** Receipts from a real node verify offline with the genesis alone, and fail when any character changes. */
class ReceiptTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;
  static MedLedgerClient wang;
  static String fingerprint;
  static Transaction anchor;
  static long anchoredAt;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    wang = new MedLedgerClient("http://127.0.0.1:" + node.apiPort());
    TestNetwork.User u = net.user("dr-wang");
    wang.login(new ClientIdentity(net.suite, u.certificate(), u.keys().getPrivate()));
    wang.submit(net.register(u), true);
    fingerprint = net.fingerprint("discharge letter");
    anchor = net.anchor(u, fingerprint);
    anchoredAt = wang.submit(anchor, true).get("height").asLong();
    wang.submit(net.anchor(u, net.fingerprint("a later document")), true);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static Verification verify(String json) {
    try {
      return new ReceiptVerifier(net.genesis).verify(new ObjectMapper().readTree(json));
    } catch (java.io.IOException e) {
      return new Verification.Failed("json", e.getMessage());
    }
  }

  @Test
  void aTransactionReceiptVerifiesWithItsOutcomeAndRfc9162FieldsAtTheTop() {
    JsonNode r = wang.transactionReceipt(anchor.id(net.suite.hash()).hex());
    assertThat(r.get("kind").asText()).isEqualTo("transaction");
    for (String f : new String[] {"leafIndex", "treeSize", "leafHash", "auditPath", "rootHash", "hashAlgorithm"}) {
      assertThat(r.has(f)).as(f).isTrue();
    }
    assertThat(r.get("hashAlgorithm").asText()).isEqualTo("SHA-256");
    assertThat(r.path("outcome").path("success").asBoolean()).isTrue();
    Verification v = verify(r.toString());
    assertThat(v.ok()).as(v.toString()).isTrue();
  }

  @Test
  void aStateReceiptProvesTheRecordFromItsBlockOnAndItsAbsenceBefore() {
    String key = NotaryContract.NAME + "/" + NotaryContract.key(fingerprint, "hospital-a");
    JsonNode at = wang.stateReceipt(key, anchoredAt);
    assertThat(at.get("present").asBoolean()).isTrue();
    assertThat(verify(at.toString()).ok()).as(verify(at.toString()).toString()).isTrue();
    JsonNode before = wang.stateReceipt(key, anchoredAt - 1);
    assertThat(before.get("present").asBoolean()).isFalse();
    assertThat(verify(before.toString()).ok()).isTrue();
    // A present value presented as absent (and the reverse) is caught.
    String flipped = at.toString().replace("\"present\":true", "\"present\":false");
    assertThat(verify(flipped).ok()).isFalse();
  }

  @Test
  void changingAnyCharacterOfAReceiptFailsIt() {
    for (JsonNode r : new JsonNode[] {wang.transactionReceipt(anchor.id(net.suite.hash()).hex()),
        wang.stateReceipt(NotaryContract.NAME + "/" + NotaryContract.key(fingerprint, "hospital-a"), anchoredAt)}) {
      String json = r.toString();
      int checked = 0;
      for (int i = 0; i < json.length(); i++) {
        char c = json.charAt(i);
        char other = Character.isDigit(c) ? (char) ('0' + (c - '0' + 1) % 10)
            : c >= 'a' && c <= 'z' ? (char) ('a' + (c - 'a' + 1) % 26)
            : c >= 'A' && c <= 'Z' ? (char) ('A' + (c - 'A' + 1) % 26) : 0;
        if (other == 0) {
          continue;
        }
        String altered = json.substring(0, i) + other + json.substring(i + 1);
        assertThat(verify(altered).ok()).as("character %d ('%s' → '%s') of %s", i, c, other, json).isFalse();
        checked++;
      }
      assertThat(checked).isGreaterThan(1000);
    }
  }

  @Test
  void aReceiptWhoseTransactionCarriesNoSignatureOfItsSenderFails() {
    JsonNode r = wang.transactionReceipt(anchor.id(net.suite.hash()).hex());
    String signature = r.path("transaction").path("signature").asText();
    // The transaction id excludes the signature, so the id, leaf and audit path stay the same.
    String notASignature = "00".repeat(signature.length() / 2);
    String forged = r.toString().replace(signature, notASignature);
    assertThat(forged).isNotEqualTo(r.toString());
    assertThat(verify(forged)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("signature"));
    // another member's valid signature over the same payload is not the sender's either
    String othersSignature = "";
    // DER signatures vary in length and RFC 6979 makes them deterministic: another member's key
    // until one gives the sender's length, which keeps the encoding's shape
    for (int i = 0; othersSignature.length() != signature.length() && i < 64; i++) {
      var other = net.suite.signatures().generateKeyPair(new java.security.SecureRandom());
      othersSignature = org.medledger.crypto.Hex.encode(net.suite.signatures().signer(other).sign(anchor.payloadBytes()));
    }
    assertThat(othersSignature).hasSameSizeAs(signature);
    assertThat(verify(r.toString().replace(signature, othersSignature))).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("signature"));
    // and a receipt without the sender's certificate proves nothing about who signed
    String withoutCertificate = r.toString().replace("\"" + r.get("senderCertificate").asText() + "\"", "null");
    assertThat(verify(withoutCertificate)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("signature"));
  }

  @Test
  void aReceiptDoesNotVerifyUnderAnotherGenesisWithTheSameChainIdAndValidators() {
    JsonNode r = wang.transactionReceipt(anchor.id(net.suite.hash()).hex());
    JsonNode s = wang.stateReceipt(NotaryContract.NAME + "/" + NotaryContract.key(fingerprint, "hospital-a"), anchoredAt);
    var g = net.genesis;
    // the same chain id, organisations and validators; another founding document (here one more revocation)
    var other = new org.medledger.core.genesis.Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators(),
        java.util.List.of("00".repeat(32)), g.parameters());
    assertThat(other.hash()).isNotEqualTo(g.hash());
    for (JsonNode receipt : new JsonNode[] {r, s}) {
      assertThat(new ReceiptVerifier(g).verify(receipt).ok()).isTrue();
      assertThat(new ReceiptVerifier(other).verify(receipt)).isInstanceOfSatisfying(Verification.Failed.class,
          f -> assertThat(f.check()).isEqualTo("certificate"));
    }
    JsonNode proof = wang.get("v1/proofs/inclusion/" + anchor.id(net.suite.hash()).hex());
    assertThat(new org.medledger.client.InclusionProofVerifier(g).verify(proof).ok()).isTrue();
    assertThat(new org.medledger.client.InclusionProofVerifier(other).verify(proof)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("certificate"));
  }

  @Test
  void aStateReceiptForASysNonceKeyIsRefusedEvenThoughItsAbsenceProofChecks() {
    // The anchor's nonce is spent, but 'sys' records are not in the state tree, so the tree's
    // absence proof for its key is real: a node operator reads it from its own database (the
    // ledger's API refuses, so the test reaches into the tree as that operator would).
    byte[] nonceKey = org.medledger.core.runtime.SystemKeys.nonce(anchor.sender(), anchor.nonce());
    long height = node.ledger().height();
    org.medledger.crypto.smt.StateProof proof;
    try {
      var ledger = node.ledger();
      var nodesField = ledger.getClass().getDeclaredField("treeNodes");
      nodesField.setAccessible(true);
      var storeField = ledger.getClass().getDeclaredField("store");
      storeField.setAccessible(true);
      Object store = storeField.get(ledger);
      var rootOf = Class.forName("org.medledger.node.ledger.StateTreeRecords")
          .getDeclaredMethod("root", org.medledger.storage.LedgerStore.class, long.class);
      rootOf.setAccessible(true);
      var root = (org.medledger.crypto.smt.TreeRoot) ((java.util.Optional<?>) rootOf.invoke(null, store, height)).orElseThrow();
      proof = new org.medledger.crypto.smt.SparseMerkleTree(net.suite.hash())
          .prove((org.medledger.crypto.smt.TreeNodeReader) nodesField.get(ledger), root, nonceKey);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    assertThat(proof.present()).isFalse();
    var receipt = org.medledger.core.receipt.ReceiptDocuments.stateReceipt(proof, node.ledger().signedHeader(height).orElseThrow(),
        net.suite.hash());
    String json;
    try {
      json = new ObjectMapper().writeValueAsString(receipt);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(verify(json)).isInstanceOfSatisfying(Verification.Failed.class, f -> {
      assertThat(f.check()).isEqualTo("stateProof");
      assertThat(f.reason()).contains("'sys'");
    });
  }

  @Test
  void anInclusionProofWithUndecodableBytesDoesNotVerifyInsteadOfThrowing() {
    JsonNode proof = wang.get("v1/proofs/inclusion/" + anchor.id(net.suite.hash()).hex());
    String encoded = proof.path("signedHeader").path("encoded").asText();
    String broken = proof.toString().replace(encoded, encoded.substring(0, 20));
    Verification v;
    try {
      v = new org.medledger.client.InclusionProofVerifier(net.genesis).verify(new ObjectMapper().readTree(broken));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    assertThat(v).isInstanceOfSatisfying(Verification.Failed.class, f -> assertThat(f.check()).isEqualTo("format"));
  }

  @Test
  void theSdkFollowsTheLogHeadAndCatchesALogThatDoesNotExtendIt() {
    org.medledger.client.LogHeadTracker tracker = new org.medledger.client.LogHeadTracker(net.genesis);
    assertThat(tracker.advance(wang).ok()).isTrue();
    long first = tracker.current().orElseThrow().size();
    wang.submit(net.anchor(net.user("dr-wang"), net.fingerprint("grows the log " + System.nanoTime())), true);
    Verification grown = tracker.advance(wang);
    assertThat(grown.ok()).as(grown.toString()).isTrue();
    assertThat(tracker.current().orElseThrow().size()).isGreaterThan(first);
    // A client that remembers a different history of the same length refuses the node's.
    var head = tracker.current().orElseThrow();
    byte[] other = head.root().toBytes();
    other[0] ^= 1;
    var forked = new org.medledger.client.LogHeadTracker(net.genesis,
        new org.medledger.client.LogHeadTracker.LogHead(head.size() - 1, org.medledger.crypto.Hash.of(other), head.height() - 1));
    Verification v = forked.advance(wang);
    assertThat(v).isInstanceOfSatisfying(Verification.Failed.class, f -> assertThat(f.check()).isEqualTo("consistency"));
  }

  @Test
  void aReceiptsQrCodeReadsBackAndMatchesOnlyThatReceipt() throws Exception {
    JsonNode r = wang.transactionReceipt(anchor.id(net.suite.hash()).hex());
    var code = org.medledger.client.ReceiptQr.payload(r, net.suite.hash(), java.net.URI.create("https://archive.example/receipts/1"));
    byte[] png = org.medledger.client.ReceiptQr.png(code, 400);
    var scanned = org.medledger.client.ReceiptQr.read(png);
    assertThat(scanned).isEqualTo(code);
    assertThat(org.medledger.client.ReceiptQr.matches(scanned, r, net.suite.hash())).isTrue();
    JsonNode other = wang.stateReceipt(NotaryContract.NAME + "/" + NotaryContract.key(fingerprint, "hospital-a"), anchoredAt);
    assertThat(org.medledger.client.ReceiptQr.matches(scanned, other, net.suite.hash())).isFalse();
  }

  @Test
  void aFailedTransactionsReceiptProvesTheFailureAndCannotBePassedOffAsASuccess() {
    Transaction again = net.anchor(net.user("dr-wang"), fingerprint);
    wang.submit(again, true);
    JsonNode r = wang.transactionReceipt(again.id(net.suite.hash()).hex());
    assertThat(r.path("outcome").path("success").asBoolean()).isFalse();
    assertThat(verify(r.toString()).ok()).as(verify(r.toString()).toString()).isTrue();
    // The log's leaf is the transaction id with its outcome: any other outcome leads elsewhere.
    String claimedSuccess = r.toString().replace("\"success\":false", "\"success\":true")
        .replace("\"code\":\"" + r.path("outcome").path("code").asText() + "\"", "\"code\":\"ok\"");
    assertThat(verify(claimedSuccess)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.check()).isEqualTo("auditPath"));
    // Its inclusion proof carries the same log entry.
    JsonNode proof = wang.get("v1/proofs/inclusion/" + again.id(net.suite.hash()).hex());
    assertThat(proof.get("logEntry").asText()).isEqualTo(r.get("logEntry").asText());
    assertThat(new org.medledger.client.InclusionProofVerifier(net.genesis).verify(proof).ok()).isTrue();
  }

  @Test
  void badQueriesNameWhatWasWrong() {
    assertThat(error(() -> wang.get("v1/receipts/state?key=sys/nonce/00&height=1"))).contains("transaction's record");
    assertThat(error(() -> wang.get("v1/receipts/state?height=1"))).contains("'key'");
    assertThat(error(() -> wang.get("v1/receipts/state?key=nonamespace&height=1"))).contains("namespace/key");
    assertThat(error(() -> wang.get("v1/receipts/state?key=notary/x&height=999999"))).contains("no block at height 999999");
    assertThat(error(() -> wang.get("v1/receipts/tx/" + "ab".repeat(32)))).contains("not committed");
  }

  private static String error(Runnable call) {
    try {
      call.run();
      return "no error";
    } catch (ApiException e) {
      return e.getMessage();
    }
  }
}
