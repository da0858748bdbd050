package org.medledger.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long the node takes to answer each portal page with {@code --blocks} blocks on the chain:
 * one validator in this process whose genesis cuts one transaction per block, a member signed in
 * to the portal, each page requested {@code --samples} times after a warm-up, one at a time over
 * loopback. The time is the whole HTTP exchange as the client sees it, so an upper bound on the
 * server's render time; the report prints p50 and p95 per page (issue 18's goal: p95 under 200 ms).
 */
@Command(name = "portal", mixinStandardHelpOptions = true, description = "Measure the web portal's page times (p50, p95) on a chain of --blocks blocks.")
final class PortalBenchmark implements Callable<Integer> {
  @Option(names = "--blocks", defaultValue = "10000", description = "blocks on the chain, one transaction each (default ${DEFAULT-VALUE})")
  int blocks;

  @Option(names = "--samples", defaultValue = "200", description = "requests per page (default ${DEFAULT-VALUE})")
  int samples;

  @Override
  public Integer call() throws Exception {
    try (org.medledger.node.application.BenchmarkFolder folder =
        org.medledger.node.application.BenchmarkFolder.temporary("medledger-portal-bench")) {
      return run(folder.path());
    }
  }

  private int run(Path dir) throws Exception {
    MedLedgerNode node = null;
    try {
      Path net = dir.resolve("network");
      int p2p;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
        p2p = probe.getLocalPort() > 60000 ? 43000 : probe.getLocalPort();
      }
      new NetworkInitializer("intl", "medledger-portal-bench", List.of("hospital-a"), List.of("hospital-a"),
          List.of(new NetworkInitializer.User("hospital-a", "reader", Role.CLINICIAN)), 0, p2p, List.of(), Clock.systemUTC())
          .write(net);
      // One transaction per block, cut as soon as it arrives: the chain grows to --blocks quickly.
      Path genesisFile = net.resolve("genesis.json");
      Genesis g = GenesisJson.read(Files.readString(genesisFile));
      ChainParameters p = g.parameters();
      Files.writeString(genesisFile, GenesisJson.write(new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(),
          g.validators(), g.revokedCertificates(), new ChainParameters(p.maxTransactionBytes(), 1, 1,
          p.timestampToleranceMillis()), g.applications()).withProtocolVersion(g.protocolVersion())));
      node = MedLedgerNode.start(NodeConfig.read(net.resolve("hospital-a/node/node.json")).withApiPort(0)
          .withPlainLoopbackApi().withPortalTokenSignIn(true));
      String base = "http://127.0.0.1:" + node.apiPort();
      var cs = node.ledger().genesis().cryptoSuite();
      ClientIdentity reader = ClientIdentity.load(cs, net.resolve("hospital-a/users/reader"));
      MedLedgerClient client = new MedLedgerClient(base);
      String token = client.login(reader);
      TransactionBuilder b = new TransactionBuilder(reader, node.ledger().genesis().chainId(), Clock.systemUTC());
      client.submit(b.registerSelf(), true);
      long t0 = System.nanoTime();
      List<String> anchors = new ArrayList<>();
      while (node.ledger().height() < blocks) {
        List<byte[]> chunk = new ArrayList<>();
        for (int i = 0; i < 500 && node.ledger().height() + chunk.size() < blocks; i++) {
          Transaction t = b.build("notary", "anchor", Map.of("hash", Hex.encode(cs.hash().hash(("bench " + anchors.size())
              .getBytes(StandardCharsets.UTF_8))), "type", "lab-report"));
          anchors.add(t.id(cs.hash()).hex());
          chunk.add(t.encoded());
        }
        long before = node.ledger().height();
        int accepted = 0;
        for (var r : node.admission().submitAll(chunk)) {
          if (r instanceof org.medledger.node.admission.AdmissionResult.Refused refused) {
            throw new IllegalStateException("the node refused a benchmark transaction: " + refused.rejection().message());
          }
          accepted++;
        }
        long target = Math.min(blocks, before + accepted);
        while (node.ledger().height() < target - 5) {
          Thread.sleep(20);
        }
      }
      while (node.mempool().size() > 0) {
        Thread.sleep(20);
      }
      long head = node.ledger().height();
      System.out.printf("chain at height %d (%d s to build)%n", head, (System.nanoTime() - t0) / 1_000_000_000L);

      HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
      String cookie = signIn(http, base, token);
      String mid = anchors.get(anchors.size() / 2);
      var midTx = node.ledger().transaction(org.medledger.crypto.Hash.fromHex(mid)).orElseThrow();
      String midHash = node.ledger().block(midTx.height()).orElseThrow().header().hash(node.ledger().hashFunction()).hex();
      Map<String, String> pages = new LinkedHashMap<>();
      pages.put("dashboard", "/ui");
      pages.put("blocks (newest)", "/ui/blocks");
      pages.put("blocks (middle)", "/ui/blocks?before=" + head / 2);
      pages.put("a block", "/ui/blocks/" + midTx.height());
      pages.put("a transaction", "/ui/tx/" + mid);
      pages.put("validators", "/ui/validators");
      pages.put("search: height", "/ui/search?q=" + head / 3);
      pages.put("search: transaction", "/ui/search?q=" + mid);
      pages.put("search: block hash", "/ui/search?q=" + midHash);
      pages.put("csv: 1,000 blocks", "/ui/export.csv?from=" + (head - 999) + "&to=" + head);
      pages.put("drug check (public)", "/ui/drugs/check?code=" + URLEncoder.encode("(01)09506000134352(21)1", StandardCharsets.UTF_8));
      System.out.printf("%-22s %8s %8s %8s%n", "page", "p50 ms", "p95 ms", "status");
      for (var e : pages.entrySet()) {
        List<Long> nanos = new ArrayList<>();
        int status = 0;
        for (int i = 0; i < samples + 20; i++) {
          // The bearer token puts these requests under the member's certificate's rate, not one address's.
          HttpRequest req = HttpRequest.newBuilder(URI.create(base + e.getValue())).header("Cookie", cookie)
              .header("Authorization", "Bearer " + token).build();
          long s = System.nanoTime();
          HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
          long took = System.nanoTime() - s;
          status = r.statusCode();
          if (i >= 20) {
            nanos.add(took);
          }
        }
        Collections.sort(nanos);
        System.out.printf("%-22s %8.1f %8.1f %8d%n", e.getKey(), nanos.get(nanos.size() / 2) / 1e6,
            nanos.get((int) Math.ceil(nanos.size() * 0.95) - 1) / 1e6, status);
      }
      return 0;
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  private static String signIn(HttpClient http, String base, String token) throws Exception {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/signin")).build(),
        HttpResponse.BodyHandlers.ofString());
    String anon = cookie(page);
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
    if (!m.find()) {
      throw new IllegalStateException("the sign-in page carries no CSRF field");
    }
    HttpResponse<String> in = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/signin/token"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", anon)
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8) + "&token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    if (in.statusCode() != 303) {
      throw new IllegalStateException("portal sign-in answered " + in.statusCode());
    }
    return cookie(in);
  }

  private static String cookie(HttpResponse<?> r) {
    String set = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException("no session cookie"));
    return set.substring(0, set.indexOf(';'));
  }
}
