package org.medledger.apps.safety.node.readings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.apps.safety.contract.readings.AnchoredBatch;
import org.medledger.apps.safety.contract.readings.DeviceReading;
import org.medledger.apps.safety.contract.readings.DeviceReadingsContract;
import org.medledger.apps.safety.contract.readings.SignedDeviceReading;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkCommand;
import org.medledger.node.application.BenchmarkFolder;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Device readings anchored per second through one gateway (issue 17, "Measured"): a maker
 * registers {@code --devices} units with their own keys; their readings, signed beforehand (the
 * devices' work, not the gateway's), are posted to one validator's gateway over loopback HTTP,
 * {@code --per-request} to a request, {@code --concurrency} requests in flight. Counted: readings
 * whose batch root is committed on the ledger, from the first request to the commit that brings
 * the anchored total to all of them. Included: HTTP and JSON, decoding, the unit's lookup on the
 * ledger, the device signature check, the replay check, batching, the Merkle tree, the batch file
 * and the anchoring transaction's commit. Not included: the vault (the bench's units are assigned
 * to no patient, so nothing is filed; filing is one vault record per patient and batch, measured
 * by {@code medledger bench vault}). The load generator runs in the same process, on the same cores.
 */
@Command(name = "readings", mixinStandardHelpOptions = true,
    description = "Measure device readings anchored per second through one gateway.")
public final class ReadingsBenchmark implements Callable<Integer>, BenchmarkCommand {
  @Option(names = "--readings", defaultValue = "200000", description = "readings to anchor (default ${DEFAULT-VALUE})")
  int readings;

  @Option(names = "--devices", defaultValue = "100", description = "device units the readings spread over (default ${DEFAULT-VALUE})")
  int devices;

  @Option(names = "--per-request", defaultValue = "500", description = "readings per HTTP request (default ${DEFAULT-VALUE};"
      + " at most 1,000)")
  int perRequest;

  @Option(names = "--concurrency", defaultValue = "4", description = "requests in flight (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--warmup", defaultValue = "50000", description = "readings run first and left out of the figures (default"
      + " ${DEFAULT-VALUE}; 0 for none)")
  int warmup;

  @Option(names = "--suite", defaultValue = "intl", description = "intl or gm (default ${DEFAULT-VALUE})")
  String suite;

  static final String DI = "09506000134352";

  @Override
  public Integer call() throws Exception {
    try (BenchmarkFolder dir = BenchmarkFolder.temporary("medledger-readings-bench")) {
      return run(dir);
    }
  }

  private int run(BenchmarkFolder dir) throws Exception {
    Path net = dir.resolve("network");
    ConsortiumWriter.find().write(net, suite, "medledger-readings-bench", List.of("hospital-a", "device-maker"), List.of("hospital-a"),
        List.of(new ConsortiumWriter.User("device-maker", "factory", Role.MAKER)), 0, ConsortiumWriter.firstP2pPort(45000));
    try (MedLedgerNode node = MedLedgerNode.start(NodeConfig.read(net.resolve("hospital-a/node/node.json")).withApiPort(0)
        .withPlainLoopbackApi())) {
      CryptoSuite cs = node.ledger().genesis().cryptoSuite();
      String api = "http://127.0.0.1:" + node.apiPort();
      ClientIdentity factoryId = ClientIdentity.load(cs, net.resolve("device-maker/users/factory"));
      MedLedgerClient factory = new MedLedgerClient(api);
      factory.login(factoryId);
      TransactionBuilder fb = new TransactionBuilder(factoryId, node.ledger().genesis().chainId(), Clock.systemUTC());
      factory.submit(fb.registerSelf(), true);
      factory.submit(fb.build("devices", "registerModel", Map.of("di", DI, "name", "Bench monitor", "deviceClass", "IIa", "kind",
          "home-monitor")), true);
      List<String> udis = new ArrayList<>();
      List<KeyPair> keys = new ArrayList<>();
      for (int d = 0; d < devices; d++) {
        KeyPair k = cs.signatures().generateKeyPair(new SecureRandom());
        String udi = "(01)" + DI + "(21)BENCH" + d;
        var r = factory.submit(fb.build("devices", "registerUnit", Map.of("udi", udi, "publicKey", Hex.encode(k.getPublic().getEncoded()))),
            true);
        if (!r.path("outcome").path("success").asBoolean()) {
          System.out.println("registering unit " + udi + " failed: " + r);
          return 1;
        }
        udis.add(udi);
        keys.add(k);
      }
      System.out.printf("signing %d readings of %d devices (the devices' work, not measured)…%n", warmup + readings, devices);
      List<String> bodies = bodies(cs, udis, keys, warmup + readings);
      int warmupRequests = warmup / perRequest;
      HttpClient http = HttpClient.newHttpClient();
      if (warmupRequests > 0) {
        System.out.printf("warming up with %d readings (not measured)…%n", warmupRequests * perRequest);
        drive(http, api, bodies.subList(0, warmupRequests), node, (long) warmupRequests * perRequest);
      }
      long before = anchored(node);
      Run r = drive(http, api, bodies.subList(warmupRequests, bodies.size()), node, before + (long) (bodies.size() - warmupRequests)
          * perRequest);
      long measured = r.anchored - before;
      double accepting = (r.lastAnswer - r.start) / 1e9;
      double anchoring = (r.lastAnchor - r.start) / 1e9;
      System.out.printf("READINGS %d readings of %d devices anchored through one gateway in %.2f s: %.0f readings/s (accepted"
          + " in %.2f s: %.0f/s; %d refused, %d failed requests; %d batches, suite %s)%n", measured, devices, anchoring,
          measured / anchoring, accepting, r.accepted / accepting, r.refused.get(), r.failedRequests.get(), r.batches, suite);
      return measured == (long) (bodies.size() - warmupRequests) * perRequest ? 0 : 1;
    }
  }

  /** Requests of {@code --per-request} readings each, devices in turn, each device's sequence numbers growing. */
  private List<String> bodies(CryptoSuite cs, List<String> udis, List<KeyPair> keys, int count) {
    List<String> out = new ArrayList<>();
    long[] sequence = new long[udis.size()];
    StringBuilder body = new StringBuilder();
    int inBody = 0;
    for (int i = 0; i < count; i++) {
      int d = i % udis.size();
      DeviceReading r = new DeviceReading(udis.get(d), ++sequence[d], 1_796_000_000_000L + i, DeviceReading.LOINC, "8867-4",
          Integer.toString(55 + i % 60), "/min");
      String hex = Hex.encode(SignedDeviceReading.sign(r, cs.signatures().signer(keys.get(d))).encode());
      body.append(inBody == 0 ? "{\"readings\":[\"" : ",\"").append(hex).append('"');
      if (++inBody == perRequest) {
        out.add(body.append("]}").toString());
        body.setLength(0);
        inBody = 0;
      }
    }
    return out;
  }

  static final class Run {
    long start;
    volatile long lastAnswer;
    long lastAnchor;
    long anchored;
    long batches;
    final AtomicLong refused = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    long accepted;
  }

  private Run drive(HttpClient http, String api, List<String> bodies, MedLedgerNode node, long target) throws Exception {
    Run run = new Run();
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong accepted = new AtomicLong();
    URI uri = URI.create(api + "/v1/safety/readings");
    run.start = System.nanoTime();
    for (String body : bodies) {
      inFlight.acquire();
      http.sendAsync(HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
          .build(), HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            inFlight.release();
            run.lastAnswer = System.nanoTime();
            if (e != null || r.statusCode() != 202) {
              if (run.failedRequests.getAndIncrement() == 0) {
                System.out.println("first failed request: " + (e != null ? e : r.statusCode() + " " + r.body()));
              }
              return;
            }
            int n = r.body().indexOf("\"refused\":");
            long refused = n < 0 ? 0 : Long.parseLong(r.body().substring(n + 10, r.body().indexOf(',', n)).trim());
            run.refused.addAndGet(refused);
            accepted.addAndGet(perRequest - refused);
          });
    }
    inFlight.acquire(concurrency);
    run.accepted = accepted.get();
    long deadline = System.nanoTime() + 120_000_000_000L;
    long total;
    while ((total = anchored(node)) < target - run.refused.get() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    run.lastAnchor = System.nanoTime();
    run.anchored = total;
    run.batches = batches(node);
    return run;
  }

  /** Readings anchored by hospital-a's gateway, as the committed ledger counts them. */
  private static long anchored(MedLedgerNode node) {
    long[] total = {0};
    node.ledger().state().scan(StateKeys.of(DeviceReadingsContract.NAME, "batch/hospital-a/"), (k, v) -> {
      total[0] += AnchoredBatch.decode(v).count();
      return true;
    });
    return total[0];
  }

  private static long batches(MedLedgerNode node) {
    long[] n = {0};
    node.ledger().state().scan(StateKeys.of(DeviceReadingsContract.NAME, "batch/hospital-a/"), (k, v) -> ++n[0] > 0);
    return n[0];
  }
}
