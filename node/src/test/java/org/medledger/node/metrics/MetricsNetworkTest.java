package org.medledger.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.crypto.Hash;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;

/**
 * GET /metrics on four real validators (RocksDB, TLS links): only the scrape token opens it, the
 * output passes {@code promtool check metrics}, names no member or transaction, and a validator
 * killed shows as missing on the others; /v1/health turns degraded once no quorum is left.
 */
public class MetricsNetworkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void scrapedWithItsTokenOnlyCheckedByPromtoolAndAKilledValidatorShowsMissing() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      var tx = net.registerClinician();
      running.commit(tx);
      Hash txId = tx.id(net.suite.hash());
      MedLedgerNode first = running.node(0);
      String token = Files.readString(first.config().dataDir().resolve("secrets").resolve(ScrapeToken.FILE)).trim();

      assertThat(get(first, "/metrics", null).statusCode()).as("no token").isEqualTo(401);
      assertThat(get(first, "/metrics", "Bearer " + "0".repeat(64)).statusCode()).as("a guessed token").isEqualTo(401);
      String otherNodes = Files.readString(running.node(1).config().dataDir().resolve("secrets").resolve(ScrapeToken.FILE))
          .trim();
      assertThat(get(first, "/metrics", "Bearer " + otherNodes).statusCode()).as("another node's token").isEqualTo(401);
      String memberToken = first.tokens().issue(new org.medledger.node.auth.Identity(net.clinicianId, "org-0", "clinician", "dr")).token();
      assertThat(get(first, "/metrics", "Bearer " + memberToken).statusCode()).as("a member's API token").isEqualTo(401);

      long t0 = System.nanoTime();
      HttpResponse<String> scraped = get(first, "/metrics", "Bearer " + token);
      System.out.printf("MetricsNetworkTest: a scrape is %d bytes, %d series, served in %.1f ms%n", scraped.body().length(),
          scraped.body().lines().filter(l -> !l.startsWith("#")).count(), (System.nanoTime() - t0) / 1e6);
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
      String text = scraped.body();
      assertThat(value(text, "medledger_chain_height")).isGreaterThanOrEqualTo(1);
      assertThat(value(text, "medledger_validators")).isEqualTo(4);
      assertThat(value(text, "medledger_validators_missing")).isEqualTo(0);
      assertThat(value(text, "medledger_quorum_reachable")).isEqualTo(1);
      assertThat(value(text, "medledger_transactions_committed_total\\{outcome=\"success\"\\}")).isGreaterThanOrEqualTo(1);
      assertThat(value(text, "medledger_peers_connected")).isEqualTo(3);
      assertThat(text).contains("medledger_build_info{", "medledger_certificate_expiry_timestamp_seconds{certificate=\"node\"}",
          "medledger_mempool_rejections_total{reason=\"bad_signature\"}", "medledger_block_interval_seconds_count",
          "medledger_consensus_round_duration_seconds_count", "medledger_vault_shards_unplaced",
          "medledger_byzantine_evidence_committed");
      // Labels are fixed sets: no transaction, member or certificate shows in a scrape.
      assertThat(text).doesNotContain(txId.hex(), net.clinicianId.hex(), token);
      Promtool.checkMetrics(text);

      // A validator is killed: the others count it missing; 3 of 4 still make a quorum (q = 3).
      running.node(3).close();
      RunningValidators.await("node 0 counts one validator missing", 30_000,
          () -> value(scrape(first, token), "medledger_validators_missing") == 1);
      assertThat(health(first).path("status").asText()).isEqualTo("ok");
      assertThat(get(first, "/health/ready", null).statusCode()).isEqualTo(200);

      // A second one: no quorum left. Health says so and why; the node is still live.
      running.node(2).close();
      RunningValidators.await("node 0 counts two validators missing", 30_000,
          () -> value(scrape(first, token), "medledger_validators_missing") == 2);
      assertThat(value(scrape(first, token), "medledger_quorum_reachable")).isEqualTo(0);
      JsonNode h = health(first);
      assertThat(h.path("status").asText()).as(h.toString()).isEqualTo("degraded");
      assertThat(h.path("problems").toString()).contains("no quorum");
      assertThat(get(first, "/health/live", null).statusCode()).isEqualTo(200);
    }
  }

  static HttpResponse<String> get(MedLedgerNode n, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.apiPort() + path)).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape(MedLedgerNode n, String token) {
    try {
      return get(n, "/metrics", "Bearer " + token).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode health(MedLedgerNode n) throws Exception {
    return JSON.readTree(get(n, "/v1/health", null).body());
  }

  /** The value of the sample whose name and labels match {@code series} (a regex). */
  static double value(String exposition, String series) {
    Matcher m = Pattern.compile("(?m)^" + series + "(?:\\{[^}]*\\})? (\\S+)$").matcher(exposition);
    if (!m.find()) {
      throw new AssertionError("no sample " + series + " in:\n" + exposition);
    }
    return Double.parseDouble(m.group(1));
  }
}
