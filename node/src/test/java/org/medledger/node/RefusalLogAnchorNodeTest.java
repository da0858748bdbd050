package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.node.BearerGets.exchange;
import static org.medledger.node.BearerGets.get;
import static org.medledger.node.BearerGets.status;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.refusals.RefusalLogAnchor;
import org.medledger.core.refusals.RefusalLogAnchorContract;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.config.RefusalLogSettings;
import org.medledger.node.refusals.Refusal;
import org.medledger.node.refusals.RefusalEntry;
import org.medledger.node.refusals.RefusalLog;
import org.medledger.node.refusals.RefusalRequester;
import org.medledger.storage.NodeLocalStore;
import org.medledger.storage.RocksLedgerStore;

/**
 * The refusal log's head on the ledger, on a real node (RocksDB, HTTP): refusals are anchored by
 * the node itself once its interval passes (and not again until the log grows), the log's answer
 * says it holds every anchored head, and a regulator reads the anchors from the ledger. Restarted
 * with a retention of one entry, the node keeps one and still holds its anchors (the older one is
 * past checking). A log the operator rebuilt on disk — a whole, intact chain, with one refusal
 * made to look like another — walks clean, but diverges from the anchor, which the answer names
 * with its block. Nobody but the node anchors its log: its own organisation's admin, a regulator,
 * another node of its organisation.
 */
class RefusalLogAnchorNodeTest {
  private static final String LOG = "/v1/audit/refusals";

  @TempDir
  Path dir;

  @Test
  void theNodeAnchorsItsLogAndALogRewrittenAfterAnAnchorIsReportedAsDiverging() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    NodeConfig anchoring = net.config.withRefusalLog(new RefusalLogSettings(1000, 1));
    List<RefusalLogAnchor> anchors;
    Hash nodeId;
    MedLedgerNode node = MedLedgerNode.start(anchoring);
    try {
      String api = "http://127.0.0.1:" + node.apiPort();
      nodeId = node.refusalAnchors().node();
      MedLedgerClient first = net.login(node, "admin-a");
      for (String name : List.of("admin-a", "inspector", "dr-wang")) {
        JsonNode r = first.submit(net.register(net.user(name)), true);
        assertThat(r.path("outcome").path("success").asBoolean()).as("register %s: %s", name, r).isTrue();
      }
      String admin = net.login(node, "admin-a").token();
      String regulator = net.login(node, "inspector").token();
      for (int i = 0; i < 3; i++) {
        assertThat(status(api, LOG + "?limit=" + (i + 1), null)).isEqualTo(401);
      }
      await("the head at entry 3 anchored", () -> latest(node, nodeId) == 3);
      for (int i = 0; i < 2; i++) {
        assertThat(status(api, LOG + "?after=" + i, "garbage")).isEqualTo(401);
      }
      await("the head at entry 5 anchored", () -> latest(node, nodeId) == 5);
      // The log did not grow: no third anchor, however many intervals pass.
      long height = node.ledger().height();
      Thread.sleep(2_500);
      assertThat(RefusalLogAnchorContract.count(node.ledger().state(), nodeId)).isEqualTo(2);

      JsonNode page = get(api, LOG + "?verify=true", admin);
      JsonNode anchored = page.path("anchored");
      assertThat(anchored.path("verdict").asText()).as(page.toString()).isEqualTo("consistent");
      assertThat(anchored.path("anchors").asLong()).isEqualTo(2);
      assertThat(anchored.path("checked").asLong()).isEqualTo(2);
      assertThat(anchored.path("node").asText()).isEqualTo(nodeId.hex());
      assertThat(anchored.path("latest").path("sequence").asLong()).isEqualTo(5);
      assertThat(anchored.path("latest").path("head").asText()).isEqualTo(page.path("chain").path("head").asText());
      assertThat(anchored.has("diverges")).isFalse();

      // A regulator reads the anchors from the ledger and compares them with the entries served.
      JsonNode ledgerAnchors = get(api, "/v1/audit/refusal-anchors?node=" + nodeId.hex(), regulator);
      assertThat(ledgerAnchors.path("count").asLong()).isEqualTo(2);
      JsonNode entries = page.get("entries");
      for (JsonNode a : ledgerAnchors.get("anchors")) {
        JsonNode entry = entries.get(a.path("sequence").asInt() - 1);
        assertThat(a.path("head").asText()).as(a.toString()).isEqualTo(entry.path("hash").asText());
        assertThat(a.path("height").asLong()).isPositive().isLessThanOrEqualTo(height);
        // Numbers and hashes: nothing the entries name (a path, a source, a requester) is on the ledger.
        assertThat(a.toString()).doesNotContain("/v1/", "127.0.0.1", "garbage");
      }
      assertThat(get(api, "/v1/audit/refusal-anchors?after=0&limit=1", admin).get("anchors"))
          .extracting(a -> a.path("sequence").asLong()).containsExactly(5L);
      assertThat(status(api, "/v1/audit/refusal-anchors?node=XYZ", regulator)).isEqualTo(400);
      assertThat(status(api, "/v1/audit/refusal-anchors", net.login(node, "dr-wang").token())).isEqualTo(403);

      cheatersAreRefused(net, node, nodeId);
      anchors = RefusalLogAnchorContract.list(node.ledger().state(), nodeId, 0, 10);
    } finally {
      node.close();
    }
    assertThat(anchors).extracting(RefusalLogAnchor::sequence).containsExactly(3L, 5L);

    // Retention is node.json's: a bad value is refused naming the field; one entry kept is honoured.
    assertThatThrownBy(() -> anchoring.withRefusalLog(new RefusalLogSettings(0, 0)))
        .hasMessageContaining("refusalLog.retainEntries must be within 1-");
    MedLedgerNode keepingOne = MedLedgerNode.start(net.config.withRefusalLog(new RefusalLogSettings(1, 0)));
    try {
      String api = "http://127.0.0.1:" + keepingOne.apiPort();
      JsonNode page = get(api, LOG + "?verify=true", net.login(keepingOne, "admin-a").token());
      assertThat(page.get("entries")).extracting(e -> e.path("sequence").asLong()).containsExactly(5L);
      assertThat(page.path("chain").path("retained").asLong()).isEqualTo(1);
      assertThat(page.path("chain").path("intact").asBoolean()).as(page.toString()).isTrue();
      JsonNode anchored = page.path("anchored");
      assertThat(anchored.path("verdict").asText()).as(page.toString()).isEqualTo("consistent");
      assertThat(anchored.path("checked").asLong()).isEqualTo(1);
      assertThat(anchored.path("beforeRetained").asLong()).isEqualTo(1);
    } finally {
      keepingOne.close();
    }

    // The operator rebuilds the log on disk: every entry again, refusal 3 now "no token" from nobody, the chain whole.
    try (RocksLedgerStore store = RocksLedgerStore.open(anchoring.dataDir().resolve("ledger"))) {
      NodeLocalStore local = store.nodeLocal();
      RefusalEntry kept = new RefusalLog(local, net.suite.hash(), Clock.systemUTC(), 1000).entry(5).orElseThrow();
      List<NodeLocalStore.Write> wipe = new ArrayList<>();
      byte[] prefix = "refusals/".getBytes(StandardCharsets.UTF_8);
      local.scan(prefix, prefix, (k, v) -> wipe.add(NodeLocalStore.Write.delete(k)));
      local.write(wipe);
      RefusalLog rebuilt = new RefusalLog(local, net.suite.hash(), Clock.systemUTC(), 1000);
      Refusal r = kept.refusal();
      for (int i = 1; i <= 5; i++) {
        rebuilt.append(i == 3 ? new Refusal(r.source(), r.method(), LOG, 401, "no_token", RefusalRequester.NOBODY) : r);
      }
      assertThat(rebuilt.check().intact()).isTrue();
    }
    MedLedgerNode restarted = MedLedgerNode.start(net.config.withRefusalLog(new RefusalLogSettings(1000, 0)));
    try {
      String api = "http://127.0.0.1:" + restarted.apiPort();
      JsonNode page = get(api, LOG + "?verify=true", net.login(restarted, "inspector").token());
      assertThat(page.path("chain").path("intact").asBoolean()).as("a rebuilt chain walks clean: " + page).isTrue();
      JsonNode anchored = page.path("anchored");
      assertThat(anchored.path("verdict").asText()).as(page.toString()).isEqualTo("diverges");
      assertThat(anchored.path("diverges").path("sequence").asLong()).isEqualTo(3);
      assertThat(anchored.path("diverges").path("block").asLong()).isEqualTo(anchors.get(0).height());
      assertThat(anchored.path("diverges").path("problem").asText())
          .startsWith("diverges from the anchor at sequence 3 committed in block " + anchors.get(0).height());
      assertThat(restarted.refusalAnchors().check().consistent()).isFalse();
    } finally {
      restarted.close();
    }
  }

  /** Node 0's own admin, a regulator and another node of its organisation each try to write node 0's head. */
  private static void cheatersAreRefused(TestNetwork net, MedLedgerNode node, Hash nodeId) throws Exception {
    MedLedgerClient client = net.login(node, "admin-a");
    String[] forged = {"node", nodeId.hex(), "sequence", "1000", "head", "ab".repeat(32), "from", "1", "to", "2"};
    assertThat(outcome(client, net.tx(net.user("admin-a"), RefusalLogAnchorContract.NAME, "anchor", forged)))
        .isEqualTo("forbidden");
    assertThat(outcome(client, net.tx(net.user("inspector"), RefusalLogAnchorContract.NAME, "anchor", forged)))
        .isEqualTo("forbidden");
    // A second node certificate of hospital-a, registered: a node, but not node 0.
    long now = System.currentTimeMillis();
    KeyPair keys = net.suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate cert = net.caA.issueNode("hospital-a-node-2", keys.getPublic(), new Date(now - 60_000),
        new Date(now + 86_400_000L));
    Hash other = CertificateId.of(net.suite.hash(), cert);
    var signer = net.suite.signatures().signer(keys);
    Transaction register = new Transaction.Payload(net.suite.id(), net.genesis.chainId(), other, 1, System.currentTimeMillis(),
        "membership", "register", Args.of("certificate", Pem.certificate(cert))).sign(signer);
    assertThat(outcome(client, register)).isEqualTo("ok");
    Transaction cheat = new Transaction.Payload(net.suite.id(), net.genesis.chainId(), other, 2, System.currentTimeMillis(),
        RefusalLogAnchorContract.NAME, "anchor", Args.of(forged)).sign(signer);
    assertThat(outcome(client, cheat)).isEqualTo("not_this_node");
    assertThat(RefusalLogAnchorContract.latest(node.ledger().state(), nodeId).orElseThrow().sequence()).isEqualTo(5);
    assertThat(RefusalLogAnchorContract.count(node.ledger().state(), other)).isZero();
  }

  private static String outcome(MedLedgerClient client, Transaction tx) {
    JsonNode r = client.submit(tx, true);
    JsonNode o = r.path("outcome");
    return o.path("success").asBoolean() ? "ok" : o.path("code").asText(r.toString());
  }

  private static long latest(MedLedgerNode node, Hash nodeId) {
    return RefusalLogAnchorContract.latest(node.ledger().state(), nodeId).map(RefusalLogAnchor::sequence).orElse(0L);
  }

  /** Generous: the machine is shared, and the anchorer ticks once a second. */
  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 60 s: " + what);
      }
      Thread.sleep(100);
    }
  }
}
