package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.node.BearerGets.exchange;
import static org.medledger.node.BearerGets.get;
import static org.medledger.node.BearerGets.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.auth.Identity;
import org.medledger.node.auth.TokenService;
import org.medledger.node.refusals.RefusalEntry;
import org.medledger.node.refusals.RefusalLog;
import org.medledger.storage.NodeLocalStore;
import org.medledger.storage.RocksLedgerStore;

/**
 * The refusal log of a real node (RocksDB, HTTP on a free port): each kind of refusal made before
 * any application decides (no token, a malformed, forged, unsigned, expired or another node's
 * token, a certificate the ledger does not stand behind, a member whose role or organisation may
 * not read) is filed with its source, path as sent, status, reason and the identity claimed or
 * verified; the node's own admin and a regulator read it, a clinician, another hospital's admin
 * and a patient are refused (and filed); an entry changed on disk breaks the chain the readers see.
 */
class RefusalLogNodeTest {
  private static final String PATIENT = "ab".repeat(32);

  @TempDir
  Path dir;

  private record Sent(String path, String bearer, int status, String reason, String basis, String name) {}

  @Test
  void everyKindOfEarlyRefusalIsFiledAndTheChainShowsTampering() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    MedLedgerNode node = MedLedgerNode.start(net.config);
    List<Sent> sent = new ArrayList<>();
    String clinicianToken;
    try {
      String api = "http://127.0.0.1:" + node.apiPort();
      MedLedgerClient first = new MedLedgerClient(api);
      for (String name : List.of("admin-a", "dr-wang", "admin-b", "inspector", "patient-1")) {
        TestNetwork.User u = net.user(name);
        first.login(new ClientIdentity(net.suite, u.certificate(), u.keys().getPrivate()));
        JsonNode r = first.submit(net.register(u), true);
        assertThat(r.path("outcome").path("success").asBoolean()).as("register %s: %s", name, r).isTrue();
      }
      clinicianToken = net.login(node, "dr-wang").token();
      TestNetwork.User wang = net.user("dr-wang");
      Identity wangClaims = new Identity(wang.id(), wang.organisation(), "clinician", "dr-wang");
      byte[] nodeKey = new NodeSecrets(net.config.dataDir()).apiTokenKey();
      String expired = new TokenService(nodeKey, Clock.fixed(Instant.now().minusSeconds(3_600), ZoneOffset.UTC), 60_000)
          .issue(wangClaims).token();
      byte[] otherNodesKey = new byte[32];
      new SecureRandom().nextBytes(otherNodesKey);
      String otherNodes = new TokenService(otherNodesKey, Clock.systemUTC(), 60_000).issue(wangClaims).token();
      TestNetwork.User unregistered = net.user("patient-2");
      String notInStanding = new TokenService(nodeKey, Clock.systemUTC(), 60_000)
          .issue(new Identity(unregistered.id(), unregistered.organisation(), "patient", "patient-2")).token();
      String log = "/v1/audit/refusals";
      String named = log + "?patient=" + PATIENT + "&reason=break%20glass%20for%20bed%207&limit=5";
      sent.add(send(api, named, null, 401, "no_token", "none", null));
      sent.add(send(api, log, "garbage", 401, "token_malformed", "none", null));
      sent.add(send(api, log, forged(clinicianToken), 401, "token_not_issued_here", "claimed", "dr-wang"));
      sent.add(send(api, log, clinicianToken.substring(0, clinicianToken.indexOf('.') + 1), 401, "token_unsigned", "claimed",
          "dr-wang"));
      sent.add(send(api, log, expired, 401, "token_expired", "claimed", "dr-wang"));
      sent.add(send(api, log, otherNodes, 401, "token_not_issued_here", "claimed", "dr-wang"));
      sent.add(send(api, log, notInStanding, 401, "certificate_not_in_standing", "claimed", "patient-2"));
      sent.add(send(api, log, clinicianToken, 403, "not_a_refusal_log_reader", "verified", "dr-wang"));
      sent.add(send(api, log, net.login(node, "admin-b").token(), 403, "not_a_refusal_log_reader", "verified", "admin-b"));
      // No patient reads her refusals on a chain without the health-records application's rule.
      sent.add(send(api, "/v1/patients/" + PATIENT + "/refusals", net.login(node, "patient-1").token(), 403, "not_this_patient",
          "verified", "patient-1"));
      // A route serving no health data: its refusals are not filed.
      assertThat(status(api, "/v1/blocks/latest", null)).isEqualTo(401);

      String admin = net.login(node, "admin-a").token();
      JsonNode page = get(api, log + "?limit=1000&verify=true", admin);
      JsonNode entries = page.get("entries");
      assertThat(entries).as(page.toString()).hasSize(sent.size());
      String previous = "00".repeat(32);
      for (int i = 0; i < sent.size(); i++) {
        Sent s = sent.get(i);
        JsonNode e = entries.get(i);
        assertThat(e.get("sequence").asLong()).isEqualTo(i + 1);
        assertThat(e.get("source").asText()).isEqualTo("127.0.0.1");
        assertThat(e.get("method").asText()).isEqualTo("GET");
        assertThat(e.get("status").asInt()).as(e.toString()).isEqualTo(s.status());
        assertThat(e.get("reason").asText()).as(e.toString()).isEqualTo(s.reason());
        assertThat(e.path("requester").path("basis").asText()).as(e.toString()).isEqualTo(s.basis());
        if (s.name() != null) {
          assertThat(e.path("requester").path("name").asText()).isEqualTo(s.name());
          assertThat(e.path("requester").path("certificate").asText()).hasSize(64);
        }
        assertThat(e.get("previous").asText()).isEqualTo(previous);
        previous = e.get("hash").asText();
        assertThat(Instant.parse(e.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
      }
      // The path as sent, the patient id with it; the free-text reason is not filed.
      assertThat(entries.get(0).get("path").asText()).isEqualTo(log + "?patient=" + PATIENT + "&reason={reason}&limit=5");
      assertThat(entries.get(9).get("path").asText()).isEqualTo("/v1/patients/" + PATIENT + "/refusals");
      // No token, nor any part of one, is filed.
      String all = page.toString();
      for (Sent s : sent) {
        if (s.bearer() != null && s.bearer().length() > 10) {
          assertThat(all).doesNotContain(s.bearer().substring(0, s.bearer().indexOf('.') > 0 ? s.bearer().indexOf('.') : 10));
        }
      }
      assertThat(all).doesNotContain(clinicianToken.substring(clinicianToken.indexOf('.') + 1));
      assertThat(page.path("chain").path("intact").asBoolean()).as(page.toString()).isTrue();
      assertThat(page.path("chain").path("head").asText()).isEqualTo(previous);
      assertThat(page.path("chain").path("last").asLong()).isEqualTo(sent.size());
      // Paged: after and limit, and a regulator reads it too; the patient's id finds what named her.
      JsonNode second = get(api, log + "?after=2&limit=3", net.login(node, "inspector").token());
      assertThat(second.get("entries")).extracting(e -> e.get("sequence").asLong()).containsExactly(3L, 4L, 5L);
      assertThat(second.get("next").asLong()).isEqualTo(5);
      JsonNode hers = get(api, log + "?patient=" + PATIENT.toUpperCase(), admin);
      assertThat(hers.get("entries")).extracting(e -> e.get("sequence").asLong()).containsExactly(1L, 10L);
      assertThat(status(api, log + "?limit=1001", admin)).isEqualTo(400);
    } finally {
      node.close();
    }

    // The operator edits entry 4 on disk (an expired token made to look like no token at all).
    try (RocksLedgerStore store = RocksLedgerStore.open(net.config.dataDir().resolve("ledger"))) {
      RefusalLog log = new RefusalLog(store.nodeLocal(), net.suite.hash(), Clock.systemUTC(), RefusalLog.DEFAULT_RETAINED);
      RefusalEntry four = log.page(3, 1, null).entries().get(0);
      var r = four.refusal();
      RefusalEntry edited = new RefusalEntry(4, four.time(), new org.medledger.node.refusals.Refusal(r.source(), r.method(),
          r.path(), r.status(), "no_token", org.medledger.node.refusals.RefusalRequester.NOBODY), four.previous());
      byte[] key = java.util.Arrays.copyOf("refusals/e/".getBytes(java.nio.charset.StandardCharsets.UTF_8), 19);
      key[18] = 4;
      store.nodeLocal().write(List.of(NodeLocalStore.Write.put(key, edited.encode())));
    }
    MedLedgerNode restarted = MedLedgerNode.start(net.config);
    try {
      String api = "http://127.0.0.1:" + restarted.apiPort();
      JsonNode page = get(api, "/v1/audit/refusals?verify=true", net.login(restarted, "admin-a").token());
      assertThat(page.path("chain").path("intact").asBoolean()).as(page.toString()).isFalse();
      assertThat(page.path("chain").path("problem").asText()).startsWith("entry 5 names");
      assertThat(page.get("entries").get(3).get("reason").asText()).isEqualTo("no_token");
    } finally {
      restarted.close();
    }
  }

  private static Sent send(String api, String path, String bearer, int status, String reason, String basis, String name)
      throws Exception {
    java.net.http.HttpResponse<String> answer = exchange(api, path, bearer);
    assertThat(answer.statusCode()).as(path + " with " + reason + ": " + answer.body()).isEqualTo(status);
    return new Sent(path, bearer, status, reason, basis, name);
  }



  /** The token with its MAC's first character changed. */
  private static String forged(String token) {
    int at = token.indexOf('.') + 1;
    return token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);
  }
}
