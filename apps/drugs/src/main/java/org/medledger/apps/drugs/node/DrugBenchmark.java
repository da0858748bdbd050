package org.medledger.apps.drugs.node;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.DrugVerifier;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.drugs.contract.gs1.Sgtin;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkCommand;
import org.medledger.node.application.BenchmarkFolder;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Commissioning at scale on four validators in this process: {@code --serials} packs in
 * transactions of 10,000 (one event each), submitted at once; reports events/s and serials/s
 * committed, the verify latency of random scans against a node's committed state, and the
 * ledger's growth per serial.
 */
@Command(name = "drugs", mixinStandardHelpOptions = true, description = "Measure commissioning serials/s and verify latency on 4 validators.")
final class DrugBenchmark implements Callable<Integer>, BenchmarkCommand {
  @Option(names = "--serials", defaultValue = "1000000", description = "serials to commission (default ${DEFAULT-VALUE})")
  int serials;

  @Option(names = "--scans", defaultValue = "100000", description = "verifications to time (default ${DEFAULT-VALUE})")
  int scans;

  @Option(names = "--http-scans", defaultValue = "5000", description = "scans to time through the REST endpoint, with a member's token (default ${DEFAULT-VALUE})")
  int httpScans;

  @Override
  public Integer call() throws Exception {
    // run closes its nodes before the folder holding their stores is removed.
    try (BenchmarkFolder dir = BenchmarkFolder.temporary("medledger-drug-bench")) {
      return run(dir);
    }
  }

  private int run(BenchmarkFolder dir) throws Exception {
    List<MedLedgerNode> nodes = new ArrayList<>();
    try {
      List<String> orgs = List.of("hospital-a", "hospital-b", "insurer", "regulator");
      List<String> members = new ArrayList<>(orgs);
      members.add("pharma-co");
      Path net = dir.resolve("network");
      ConsortiumWriter.find().write(net, "intl", "medledger-drug-bench", members, orgs,
          List.of(new ConsortiumWriter.User("pharma-co", "factory", Role.MAKER), new ConsortiumWriter.User("regulator", "inspector",
              Role.REGULATOR)), 0, ConsortiumWriter.firstP2pPort(43000));
      for (String org : orgs) {
        nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org + "/node/node.json")).withApiPort(0).withPlainLoopbackApi()));
      }
      MedLedgerNode a = nodes.get(0);
      var cs = a.ledger().genesis().cryptoSuite();
      ClientIdentity factory = ClientIdentity.load(cs, net.resolve("pharma-co/users/factory"));
      MedLedgerClient client = new MedLedgerClient("http://127.0.0.1:" + a.apiPort());
      client.login(factory);
      TransactionBuilder b = new TransactionBuilder(factory, a.ledger().genesis().chainId(), Clock.systemUTC());
      client.submit(b.registerSelf(), true);
      String gtin = "09506000134352";
      ClientIdentity inspector = ClientIdentity.load(cs, net.resolve("regulator/users/inspector"));
      MedLedgerClient regulator = new MedLedgerClient("http://127.0.0.1:" + a.apiPort());
      regulator.login(inspector);
      TransactionBuilder rb = new TransactionBuilder(inspector, a.ledger().genesis().chainId(), Clock.systemUTC());
      regulator.submit(rb.registerSelf(), true);
      regulator.submit(rb.build("drugs", "recordPrefix", Map.of("prefix", "9506000", "organisation", "pharma-co")), true);
      client.submit(b.build("drugs", "registerGtin", Map.of("gtin", gtin)), true);
      long before = BenchmarkFolder.size(dir.resolve("network/hospital-a"));
      int per = 10_000;
      int txs = (serials + per - 1) / per;
      java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong events = new java.util.concurrent.atomic.AtomicLong();
      java.util.concurrent.atomic.AtomicLong lastCommit = new java.util.concurrent.atomic.AtomicLong();
      long[] t0Ref = {System.nanoTime()};
      a.ordering().addListener((block, outcomes) -> {
        if (Boolean.getBoolean("medledger.bench.blocks")) {
          System.out.printf("block %d: %d txs at +%d ms%n", block.header().height(), outcomes.size(), (System.nanoTime() - t0Ref[0]) / 1_000_000);
        }
        for (var o : outcomes) {
          for (var e : o.events()) {
            if (e.type().equals("Commissioned")) {
              committed.addAndGet(Long.parseLong(e.attributes().get("count").orElse("0")));
              events.incrementAndGet();
              lastCommit.set(System.nanoTime());
            }
          }
        }
      });
      long t0 = System.nanoTime();
      t0Ref[0] = t0;
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = 0; i < txs; i++) {
        long from = 1 + (long) i * per;
        long to = Math.min(serials, from + per - 1);
        all.add(client.submitAsync(b.build("drugs", "commission", Map.of("gtin", gtin, "lot", "L" + (i % 10), "expiry", "301231",
            "serials", from + ".." + to)), false));
      }
      int failed = 0;
      for (CompletableFuture<?> f : all) {
        @SuppressWarnings("unchecked")
        var r = (java.net.http.HttpResponse<String>) f.get();
        if (r.statusCode() >= 300) {
          if (failed++ == 0) {
            System.out.println("first refusal: " + r.statusCode() + " " + r.body());
          }
        }
      }
      long deadline = System.currentTimeMillis() + 15 * 60_000L;
      while (committed.get() < serials && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      if (committed.get() < serials) {
        failed += txs - (int) events.get();
      }
      double secs = (lastCommit.get() - t0) / 1e9;
      long after = BenchmarkFolder.size(dir.resolve("network/hospital-a"));
      System.out.printf("DRUGS commissioned %d serials in %d events (%d failed) in %.1f s: %.0f serials/s, %.1f events/s%n",
          serials, txs, failed, secs, serials / secs, txs / secs);
      System.out.printf("DRUGS ledger growth on one node: %.0f bytes per serial (RocksDB, before compaction)%n",
          (double) (after - before) / serials);
      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      SplittableRandom random = new SplittableRandom(7);
      Gtin g = new Gtin(gtin);
      long[] lat = new long[scans];
      int genuine = 0;
      for (int i = 0; i < scans; i++) {
        DigitalLink link = new DigitalLink(new Sgtin(g, Long.toString(1 + random.nextInt(serials))), Optional.empty(), Optional.empty());
        long s = System.nanoTime();
        genuine += DrugVerifier.verify(a.ledger().state(), link, today, Optional.empty()).outcome().equals("genuine") ? 1 : 0;
        lat[i] = System.nanoTime() - s;
      }
      java.util.Arrays.sort(lat);
      System.out.printf("DRUGS verify (committed state, RocksDB): p50 %.1f µs, p99 %.1f µs, max %.1f ms over %d scans (%d genuine)%n",
          lat[scans / 2] / 1e3, lat[(int) (scans * 0.99)] / 1e3, lat[scans - 1] / 1e6, scans, genuine);
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      long[] hlat = new long[httpScans];
      int hgenuine = 0;
      for (int i = 0; i < httpScans; i++) {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + a.apiPort()
            + "/01/" + gtin + "/21/" + (1 + random.nextInt(serials)))).header("Accept", "application/json")
            .header("Authorization", "Bearer " + client.token()).build();
        long s = System.nanoTime();
        String body = http.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        hlat[i] = System.nanoTime() - s;
        hgenuine += body.contains("\"outcome\":\"genuine\"") ? 1 : 0;
      }
      if (httpScans > 0) {
        java.util.Arrays.sort(hlat);
        System.out.printf("DRUGS verify through GET /01/{gtin}/21/{serial} (HTTP, JSON, with trace): p50 %.2f ms, p99 %.2f ms over %d scans (%d genuine)%n",
            hlat[httpScans / 2] / 1e6, hlat[(int) (httpScans * 0.99)] / 1e6, httpScans, hgenuine);
      }
      return failed == 0 && genuine == scans && hgenuine == httpScans ? 0 : 1;
    } finally {
      nodes.forEach(MedLedgerNode::close);
    }
  }
}
