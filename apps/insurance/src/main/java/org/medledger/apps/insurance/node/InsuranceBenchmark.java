package org.medledger.apps.insurance.node;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
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
 * Claims of 5 lines submitted and adjudicated per second on four validators in this process
 * (issue 15, "Measured"): a hospital's clinician submits {@code --claims} claims for patients
 * insured by the insurer, in batches, all at once; the count is of claims committed as
 * adjudicated, from the first submission to the last commit.
 */
@Command(name = "insurance", mixinStandardHelpOptions = true,
    description = "Measure 5-line claims submitted and adjudicated per second on 4 validators.")
final class InsuranceBenchmark implements Callable<Integer>, BenchmarkCommand {
  @Option(names = "--claims", defaultValue = "20000", description = "claims to submit (default ${DEFAULT-VALUE})")
  int claims;

  @Option(names = "--batch", defaultValue = "100", description = "claims per HTTP request (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--patients", defaultValue = "50", description = "insured patients the claims spread over (default ${DEFAULT-VALUE})")
  int patients;

  @Override
  public Integer call() throws Exception {
    try (BenchmarkFolder dir = BenchmarkFolder.temporary("medledger-insurance-bench")) {
      return run(dir);
    }
  }

  private int run(BenchmarkFolder dir) throws Exception {
    List<MedLedgerNode> nodes = new ArrayList<>();
    try {
      List<String> orgs = List.of("hospital-a", "hospital-b", "insurer", "regulator");
      Path net = dir.resolve("network");
      ConsortiumWriter.find().write(net, "intl", "medledger-insurance-bench", orgs, orgs,
          List.of(new ConsortiumWriter.User("hospital-a", "billing", Role.CLINICIAN),
              new ConsortiumWriter.User("insurer", "assessor", Role.INSURER)), 0, ConsortiumWriter.firstP2pPort(44000));
      for (String org : orgs) {
        nodes.add(MedLedgerNode.start(NodeConfig.read(net.resolve(org + "/node/node.json")).withApiPort(0).withPlainLoopbackApi()));
      }
      MedLedgerNode a = nodes.get(0);
      CryptoSuite cs = a.ledger().genesis().cryptoSuite();
      String chainId = a.ledger().genesis().chainId();
      String api = "http://127.0.0.1:" + a.apiPort();
      ClientIdentity clinicianId = ClientIdentity.load(cs, net.resolve("hospital-a/users/billing"));
      ClientIdentity assessorId = ClientIdentity.load(cs, net.resolve("insurer/users/assessor"));
      MedLedgerClient hospital = new MedLedgerClient(api);
      hospital.login(clinicianId);
      MedLedgerClient insurer = new MedLedgerClient(api);
      insurer.login(assessorId);
      TransactionBuilder hb = new TransactionBuilder(clinicianId, chainId, Clock.systemUTC());
      TransactionBuilder ib = new TransactionBuilder(assessorId, chainId, Clock.systemUTC());
      hospital.submit(hb.registerSelf(), true);
      insurer.submit(ib.registerSelf(), true);

      ProductTerms product = new ProductTerms("EUR", 10_000, 2_000, 0, 0, List.of(new Benefit("inpatient", new TreeSet<>(), 0),
          new Benefit("outpatient", new TreeSet<>(), 50_000)), new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(), 0, 72);
      insurer.submit(ib.build("insurance", "publishProduct", Map.of("product", "bench", "terms", Hex.encode(product.encode()))), true);
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      List<Hash> insured = new ArrayList<>();
      List<Hash> policies = new ArrayList<>();
      for (int p = 0; p < patients; p++) {
        KeyPair key = cs.signatures().generateKeyPair(new SecureRandom());
        Hash id = InsuredPatients.register(hospital, hb, cs, chainId, key, "hospital-a");
        Transaction issue = ib.build("insurance", "issuePolicy", Map.of("product", "bench", "patient", id.hex(), "start", today,
            "end", LocalDate.now(ZoneOffset.UTC).plusYears(1).toString()));
        insurer.submit(issue, true);
        insured.add(id);
        policies.add(issue.id(cs.hash()));
      }
      byte[] salt = LineHashSalt.newSalt();
      LineHashSalt lineHashes = new LineHashSalt(salt, cs.hash());
      List<Transaction> txs = new ArrayList<>();
      for (int c = 0; c < claims; c++) {
        Hash patient = insured.get(c % patients);
        List<ClaimLine> lines = new ArrayList<>();
        for (int l = 0; l < 5; l++) {
          String code = "SVC-" + c + "-" + l;
          lines.add(new ClaimLine(l == 4 ? "outpatient" : "inpatient", code, 1 + l, 2_000L + 1_000L * l, today, "hospital-a",
              lineHashes.lineHash(patient, "hospital-a", today, code), List.of()));
        }
        txs.add(hb.build("insurance", "submitClaim", Map.of("policy", policies.get(c % patients).hex(), "currency", "EUR",
            "lines", Hex.encode(ClaimLine.encode(lines)))));
      }

      AtomicLong adjudicated = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      AtomicLong lastCommit = new AtomicLong();
      // Blocks that carried claims: how full a claim block is tells consensus rounds from execution cost.
      AtomicLong claimBlocks = new AtomicLong();
      a.ordering().addListener((block, outcomes) -> {
        if (outcomes.stream().anyMatch(o -> o.events().stream().anyMatch(e -> e.type().equals("ClaimSubmitted")))) {
          claimBlocks.incrementAndGet();
        }
        for (var o : outcomes) {
          for (var e : o.events()) {
            if (e.type().equals("ClaimSubmitted")) {
              adjudicated.incrementAndGet();
              lastCommit.set(System.nanoTime());
            }
          }
          if (!o.success()) {
            refused.incrementAndGet();
            lastCommit.set(System.nanoTime());
          }
        }
      });
      long t0 = System.nanoTime();
      List<CompletableFuture<java.net.http.HttpResponse<String>>> sent = new ArrayList<>();
      for (int i = 0; i < txs.size(); i += batch) {
        sent.add(hospital.submitBatchAsync(txs.subList(i, Math.min(txs.size(), i + batch))));
      }
      int failedRequests = 0;
      for (CompletableFuture<java.net.http.HttpResponse<String>> f : sent) {
        var r = f.get();
        if (r.statusCode() >= 300 && failedRequests++ == 0) {
          System.out.println("first refused request: " + r.statusCode() + " " + r.body());
        }
      }
      long deadline = System.currentTimeMillis() + 15 * 60_000L;
      while (adjudicated.get() + refused.get() < claims && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      double secs = (lastCommit.get() - t0) / 1e9;
      System.out.printf("INSURANCE %d claims of 5 lines committed as adjudicated of %d submitted (%d refused, %d failed requests)"
          + " in %.1f s: %.0f claims/s on %d validators, in %d blocks (%.0f claims a block)%n", adjudicated.get(), claims,
          refused.get(), failedRequests, secs, adjudicated.get() / secs, nodes.size(), claimBlocks.get(),
          adjudicated.get() / (double) Math.max(1, claimBlocks.get()));
      return adjudicated.get() == claims ? 0 : 1;
    } finally {
      nodes.forEach(MedLedgerNode::close);
    }
  }
}
