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
 * {@code --per-request} to a request, by {@code --concurrency} senders side by side, each with devices
 * of its own whose requests it sends one after the other (as each device sends its readings in
 * order). Counted: readings
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

  @Option(names = "--concurrency", defaultValue = "4", description = "senders side by side, each with its own devices, so requests in flight (default ${DEFAULT-VALUE})")
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
      if (concurrency < 1 || devices < concurrency || perRequest < 1 || perRequest > ReadingRoutes.MAX_PER_REQUEST) {
        System.out.println("need --concurrency ≥ 1, --devices ≥ --concurrency (each sender has devices of its own) and --per-request"
            + " 1-" + ReadingRoutes.MAX_PER_REQUEST);
        return 2;
      }
      System.out.printf("signing %d readings of %d devices (the devices' work, not measured)…%n", warmup + readings, devices);
      long[] sequence = new long[devices];
      List<List<String>> warming = lanes(cs, udis, keys, warmup, sequence);
      List<List<String>> measuring = lanes(cs, udis, keys, readings, sequence);
      HttpClient http = HttpClient.newHttpClient();
      long warmupReadings = requests(warming) * (long) perRequest;
      if (warmupReadings > 0) {
        System.out.printf("warming up with %d readings (not measured)…%n", warmupReadings);
        drive(http, api, warming, node, warmupReadings);
      }
      long before = anchored(node);
      long sent = requests(measuring) * (long) perRequest;
      Run r = drive(http, api, measuring, node, before + sent);
      long measured = r.anchored - before;
      double accepting = (r.lastAnswer - r.start) / 1e9;
      double anchoring = (r.lastAnchor - r.start) / 1e9;
      System.out.printf("READINGS %d readings of %d devices anchored through one gateway in %.2f s: %.0f readings/s (accepted"
          + " in %.2f s: %.0f/s; %d refused, %d failed requests; %d batches, suite %s)%n", measured, devices, anchoring,
          measured / anchoring, accepting, r.accepted / accepting, r.refused.get(), r.failedRequests.get(), r.batches, suite);
      System.out.printf("CALIBRATION device signatures checked by one prepared verifier on %d threads, now, nothing else: %.0f/s%n",
          Runtime.getRuntime().availableProcessors(), calibrate(cs, keys.get(0), udis.get(0)));
      return measured == sent ? 0 : 1;
    }
  }

  /**
   * One lane per sender ({@code --concurrency}), each of its own devices (device d in lane d mod
   * concurrency), holding requests of {@code --per-request} readings, the lane's devices in turn,
   * each device's sequence numbers growing. A device's readings travel in one lane, one request
   * after the other, as a device sends them: two requests of one device in flight at once could
   * arrive out of order, and the gateway rightly refuses a sequence number below one it took.
   */
  private List<List<String>> lanes(CryptoSuite cs, List<String> udis, List<KeyPair> keys, int count, long[] sequence) {
    List<List<String>> lanes = new ArrayList<>();
    int perLane = count / concurrency / perRequest * perRequest;
    for (int lane = 0; lane < concurrency; lane++) {
      List<Integer> own = new ArrayList<>();
      for (int d = lane; d < udis.size(); d += concurrency) {
        own.add(d);
      }
      List<String> out = new ArrayList<>();
      StringBuilder body = new StringBuilder();
      int inBody = 0;
      for (int i = 0; i < perLane; i++) {
        int d = own.get(i % own.size());
        DeviceReading r = new DeviceReading(udis.get(d), ++sequence[d], 1_796_000_000_000L + sequence[d], DeviceReading.LOINC,
            "8867-4", Integer.toString(55 + i % 60), "/min");
        String hex = Hex.encode(SignedDeviceReading.sign(r, cs.signatures().signer(keys.get(d))).encode());
        body.append(inBody == 0 ? "{\"readings\":[\"" : ",\"").append(hex).append('"');
        if (++inBody == perRequest) {
          out.add(body.append("]}").toString());
          body.setLength(0);
          inBody = 0;
        }
      }
      lanes.add(out);
    }
    return lanes;
  }

  /**
   * The gateway's main cost alone, for scale: signatures of one device checked per second on every
   * core at once, as the gateway checks them (one prepared verifier per key), after half a second
   * unmeasured. On a machine shared with other work it says what the cores gave at the time.
   */
  private static double calibrate(CryptoSuite cs, KeyPair key, String udi) throws Exception {
    List<SignedDeviceReading> signed = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      signed.add(SignedDeviceReading.sign(new DeviceReading(udi, 1_000_000_000L + i, 1_796_000_000_000L, DeviceReading.LOINC, "8867-4",
          "60", "/min"), cs.signatures().signer(key)));
    }
    org.medledger.crypto.Verifier verifier = cs.signatures().verifier(key.getPublic());
    int threads = Runtime.getRuntime().availableProcessors();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      long warm = System.nanoTime() + 500_000_000L;
      long end = warm + 2_000_000_000L;
      List<java.util.concurrent.Future<Long>> counts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        counts.add(pool.submit(() -> {
          long n = 0;
          for (int i = 0; System.nanoTime() < end; i++) {
            if (!signed.get(i % signed.size()).signedBy(verifier)) {
              throw new IllegalStateException("a device's own signature did not verify");
            }
            if (System.nanoTime() >= warm) {
              n++;
            }
          }
          return n;
        }));
      }
      long total = 0;
      for (var c : counts) {
        total += c.get();
      }
      return total / 2.0;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long requests(List<List<String>> lanes) {
    return lanes.stream().mapToLong(List::size).sum();
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

  /** Each lane's requests one after the other, the lanes side by side; then waits until the ledger anchors {@code target}. */
  private Run drive(HttpClient http, String api, List<List<String>> lanes, MedLedgerNode node, long target) throws Exception {
    Run run = new Run();
    AtomicLong accepted = new AtomicLong();
    URI uri = URI.create(api + "/v1/safety/readings");
    java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(lanes.size());
    run.start = System.nanoTime();
    try {
      List<java.util.concurrent.Future<?>> sending = new ArrayList<>();
      for (List<String> lane : lanes) {
        sending.add(senders.submit(() -> {
          for (String body : lane) {
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
              run.lastAnswer = System.nanoTime();
              if (r.statusCode() != 202) {
                failed(run, r.statusCode() + " " + r.body());
                continue;
              }
              int n = r.body().indexOf("\"refused\":");
              long refused = n < 0 ? 0 : Long.parseLong(r.body().substring(n + 10, r.body().indexOf(',', n)).trim());
              if (refused > 0 && run.refused.get() == 0) {
                System.out.println("first refusal: " + r.body().substring(0, Math.min(400, r.body().length())));
              }
              run.refused.addAndGet(refused);
              accepted.addAndGet(perRequest - refused);
            } catch (java.io.IOException e) {
              failed(run, e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }));
      }
      for (var f : sending) {
        f.get();
      }
    } finally {
      senders.shutdownNow();
    }
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

  private static void failed(Run run, String what) {
    if (run.failedRequests.getAndIncrement() == 0) {
      System.out.println("first failed request: " + what.substring(0, Math.min(400, what.length())));
    }
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
