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
import java.util.concurrent.Semaphore;
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

  @Option(names = "--concurrency", defaultValue = "4", description = "requests in flight (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--warmup", defaultValue = "5000", description = "claims run first and left out of the figures, so the"
      + " JIT has compiled the hot paths (default ${DEFAULT-VALUE}; 0 for none)")
  int warmup;

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
      LineHashSalt lineHashes = new LineHashSalt(LineHashSalt.newSalt(), cs.hash());
      List<MedLedgerClient> apis = new ArrayList<>();
      for (MedLedgerNode n : nodes) {
        MedLedgerClient c = new MedLedgerClient("http://127.0.0.1:" + n.apiPort());
        c.login(clinicianId);
        apis.add(c);
      }
      ClaimCommits commits = new ClaimCommits();
      a.ordering().addListener(commits);
      if (warmup > 0) {
        // Left out of the figures, as the notary bench does: the first seconds are the JIT compiling
        // the hot paths, not the network's steady rate.
        System.out.printf("warming up with %d claims (not measured)…%n", warmup);
        drive(claimsOf("W", warmup, insured, policies, hb, lineHashes, today), apis, commits);
      }
      Run r = drive(claimsOf("C", claims, insured, policies, hb, lineHashes, today), apis, commits);
      double secs = (r.lastCommit - r.start) / 1e9;
      System.out.printf("INSURANCE %d claims of 5 lines committed as adjudicated of %d submitted (%d refused, %d failed requests)"
          + " in %.1f s: %.0f claims/s on %d validators, in %d blocks (%.0f claims a block)%n", r.adjudicated, claims,
          r.refused, r.failedRequests, secs, r.adjudicated / secs, nodes.size(), r.claimBlocks,
          r.adjudicated / (double) Math.max(1, r.claimBlocks));
      return r.adjudicated == claims ? 0 : 1;
    } finally {
      nodes.forEach(MedLedgerNode::close);
    }
  }

  /** Claims of 5 lines for the insured patients in turn, each line's code unique to its claim. */
  private static List<Transaction> claimsOf(String prefix, int count, List<Hash> insured, List<Hash> policies,
      TransactionBuilder hb, LineHashSalt lineHashes, String today) {
    List<Transaction> txs = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      Hash patient = insured.get(c % insured.size());
      List<ClaimLine> lines = new ArrayList<>();
      for (int l = 0; l < 5; l++) {
        String code = "SVC-" + prefix + c + "-" + l;
        lines.add(new ClaimLine(l == 4 ? "outpatient" : "inpatient", code, 1 + l, 2_000L + 1_000L * l, today, "hospital-a",
            lineHashes.lineHash(patient, "hospital-a", today, code), List.of()));
      }
      txs.add(hb.build("insurance", "submitClaim", Map.of("policy", policies.get(c % policies.size()).hex(), "currency", "EUR",
          "lines", Hex.encode(ClaimLine.encode(lines)))));
    }
    return txs;
  }

  /**
   * Submits the claims in batches spread over the four validators' APIs (the notary bench's way:
   * each node admits a quarter itself and the rest from gossip, so no one node's admission is the
   * bottleneck), {@code --concurrency} requests in flight, and waits for each to commit or be refused.
   */
  private Run drive(List<Transaction> txs, List<MedLedgerClient> apis, ClaimCommits commits) throws Exception {
    Run run = new Run();
    commits.reset();
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong failedRequests = new AtomicLong();
    run.start = System.nanoTime();
    int request = 0;
    for (int i = 0; i < txs.size(); i += batch) {
      inFlight.acquire();
      apis.get(request++ % apis.size()).submitBatchAsync(txs.subList(i, Math.min(txs.size(), i + batch)))
          .whenComplete((r, e) -> {
            inFlight.release();
            if ((e != null || r.statusCode() >= 300) && failedRequests.getAndIncrement() == 0) {
              System.out.println("first refused request: " + (e != null ? e : r.statusCode() + " " + r.body()));
            }
          });
    }
    long deadline = System.nanoTime() + 15 * 60_000_000_000L;
    while (commits.adjudicated.get() + commits.refused.get() < txs.size() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    run.lastCommit = commits.lastCommit.get();
    run.adjudicated = commits.adjudicated.get();
    run.refused = commits.refused.get();
    run.claimBlocks = commits.claimBlocks.get();
    run.failedRequests = failedRequests.get();
    return run;
  }

  private static final class Run {
    long start;
    long lastCommit;
    long adjudicated;
    long refused;
    long claimBlocks;
    long failedRequests;
  }

  /** Counts what the first validator commits: claims adjudicated or pended, refusals, and blocks that carried claims. */
  private static final class ClaimCommits implements org.medledger.node.ordering.CommitListener {
    final AtomicLong adjudicated = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong lastCommit = new AtomicLong();
    // How full a claim block is tells consensus rounds from execution cost.
    final AtomicLong claimBlocks = new AtomicLong();

    void reset() {
      adjudicated.set(0);
      refused.set(0);
      claimBlocks.set(0);
    }

    @Override
    public void committed(org.medledger.core.block.Block block, List<org.medledger.core.runtime.TxOutcome> outcomes) {
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
    }
  }
}
