package org.medledger.apps.records.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkCommand;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How many record reads the policy point serves, each decided on the ledger's consent state and
 * its access event committed before the answer, and how many access events the audit commits per
 * second: four validators in this process, clients reading a record's metadata over REST from
 * the custodian's node with {@code --concurrency} requests in flight.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Measure audited reads/s and committed access events/s on 4 validators.")
final class AuditBenchmark implements Callable<Integer>, BenchmarkCommand {
  @Option(names = "--reads", defaultValue = "20000", description = "reads to make (default ${DEFAULT-VALUE})")
  int reads;

  @Option(names = "--concurrency", defaultValue = "64", description = "requests in flight (default ${DEFAULT-VALUE})")
  int concurrency;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("medledger-audit-bench");
    List<MedLedgerNode> nodes = new ArrayList<>();
    try {
      List<String> orgs = List.of("hospital-a", "hospital-b", "insurer", "regulator");
      int p2p = ConsortiumWriter.firstP2pPort(42000);
      Path net = dir.resolve("network");
      ConsortiumWriter.find().write(net, "intl", "medledger-audit-bench", orgs, orgs,
          List.of(new ConsortiumWriter.User("hospital-a", "reader", Role.CLINICIAN)), 0, p2p);
      for (String org : orgs) {
        nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org + "/node/node.json")).withApiPort(0).withPlainLoopbackApi()));
      }
      MedLedgerNode a = nodes.get(0);
      var cs = a.ledger().genesis().cryptoSuite();
      String api = "http://127.0.0.1:" + a.apiPort();
      ClientIdentity reader = ClientIdentity.load(cs, net.resolve("hospital-a/users/reader"));
      MedLedgerClient client = new MedLedgerClient(api);
      client.login(reader);
      TransactionBuilder b = new TransactionBuilder(reader, a.ledger().genesis().chainId(), Clock.systemUTC());
      client.submit(b.registerSelf(), true);
      KeyPair patient = cs.signatures().generateKeyPair(new SecureRandom());
      PatientId pid = PatientId.of(cs.hash(), patient.getPublic().getEncoded());
      client.submit(b.build("patients", "register", Map.of("publicKey", Hex.encode(patient.getPublic().getEncoded()),
          "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(cs.signatures().signer(patient), a.ledger().genesis().chainId(),
              pid, "hospital-a"), "encryptionKeyCertificate", org.medledger.apps.records.contract.patient.PatientEncryptionKey.certificate(cs,
              cs.signatures().signer(patient), a.ledger().genesis().chainId(), cs.generateEncryptionKeyPair(new SecureRandom()).getPublic()))), true);
      String record = client.storeRecord(pid.toString(), "laboratory",
          "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"Na+\"}}".getBytes(), "application/fhir+json")
          .get("record").asText();

      AtomicLong committed = new AtomicLong();
      AtomicLong lastCommitNanos = new AtomicLong();
      a.ordering().addListener((block, outcomes) -> {
        for (var o : outcomes) {
          for (var e : o.events()) {
            if (e.type().equals("AccessesLogged")) {
              committed.addAndGet(Long.parseLong(e.attributes().get("count").orElse("0")));
              lastCommitNanos.set(System.nanoTime());
            }
          }
        }
      });
      HttpClient http = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(4)).build();
      // Each read carries its reader's own signed request, spent once (issue 20 finding 2): signed
      // ahead, so the measure is the node's, not the client's signing.
      java.util.function.Supplier<HttpRequest> signedRead = () -> HttpRequest.newBuilder(
              URI.create(api + "/v1/records/" + record + "?purpose=TREAT"))
          .header("Authorization", "Bearer " + client.token())
          .header(org.medledger.apps.records.contract.audit.SignedReadRequest.HEADER, client.signReadRequest(record, "TREAT", null).toHex()).build();
      for (int i = 0; i < 2_000; i++) {
        http.send(signedRead.get(), HttpResponse.BodyHandlers.discarding());
      }
      List<HttpRequest> requests = new ArrayList<>(reads);
      for (int i = 0; i < reads; i++) {
        requests.add(signedRead.get());
      }
      long warm = committed.get();
      Semaphore inFlight = new Semaphore(concurrency);
      AtomicLong ok = new AtomicLong();
      List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      long start = System.nanoTime();
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int i = 0; i < reads; i++) {
        inFlight.acquire();
        long t = System.nanoTime();
        all.add(http.sendAsync(requests.get(i), HttpResponse.BodyHandlers.discarding()).whenComplete((r, err) -> {
          inFlight.release();
          if (err == null && r.statusCode() == 200) {
            ok.incrementAndGet();
            latencies.add(System.nanoTime() - t);
          }
        }));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
      double served = (System.nanoTime() - start) / 1e9;
      long deadline = System.currentTimeMillis() + 60_000;
      while (committed.get() - warm < ok.get() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      double logged = (lastCommitNanos.get() - start) / 1e9;
      List<Long> sorted = new ArrayList<>(latencies);
      java.util.Collections.sort(sorted);
      System.out.printf("AUDIT %d reads served in %.1f s: %.0f reads/s (p50 %.1f ms, p99 %.1f ms, each decided and its event committed"
              + " before the answer); %d access events committed in %.1f s: %.0f events/s%n",
          ok.get(), served, ok.get() / served, sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
          committed.get() - warm, logged, (committed.get() - warm) / logged);
      return committed.get() - warm >= ok.get() ? 0 : 1;
    } finally {
      nodes.forEach(MedLedgerNode::close);
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
