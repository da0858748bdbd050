package org.medledger.bench;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.erdtman.jcs.JsonCanonicalizer;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.apps.trials.node.TrialPage;
import org.medledger.apps.trials.node.TrialRegistryView;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One page of {@code GET /v1/trials} (100 trials) over a registry of 100,000, in RocksDB as a
 * node's state, registered through the real trials contract: the first page, the page after the
 * middle cursor and the last page. The state scans by prefix only, so a page after a cursor steps
 * over the keys before it: this measures what that costs. SampleTime gives p50/p99.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TrialRegistryPagingBenchmark {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final int TRIALS = 100_000;
  static final long T0 = 1_800_000_000_000L;

  /** Where the page starts: none (the first page), the middle of the registry, its last page. */
  @Param({"first", "middle", "last"})
  public String at;

  BenchStore store;
  StateReader state;
  TrialRegistryView view;
  TrialPage.Request request;

  static String id(int i) {
    return String.format(java.util.Locale.ROOT, "MLT-%07d", i);
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    store = BenchStore.open("trial-paging");
    state = store.state();
    KeyPair keys = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {17}));
    Caller sponsor = new Caller(Hash.of(SUITE.hash().hash("sponsor".getBytes())), "pharma-co", "sponsor", "sponsor");
    TrialsContract contract = new TrialsContract(SUITE.hash());
    BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(contract), SUITE.hash(),
        new org.medledger.core.runtime.CallerResolver() {
          @Override
          public Caller resolve(Transaction tx, StateReader s) {
            return sponsor;
          }

          @Override
          public Optional<MemberCertificate> member(Hash id, StateReader s, long time) {
            return Optional.of(new MemberCertificate(sponsor.certificateId(), "pharma-co", Role.SPONSOR, "sponsor", keys.getPublic(),
                null));
          }
        }, ChainParameters.DEFAULTS);
    String template = new JsonCanonicalizer("{\"trialId\":\"" + id(0) + "\",\"title\":\"Paging bench\",\"sponsor\":\"pharma-co\","
        + "\"conditions\":[\"Ischaemic stroke\"],\"interventions\":[\"Apixaban\"],\"primaryOutcomes\":[{\"id\":\"P1\","
        + "\"measure\":\"Recurrent stroke\",\"timeFrame\":\"12 months\"}],\"primaryCompletionDate\":\"2027-06-30\"}")
        .getEncodedString();
    List<Transaction> txs = new ArrayList<>();
    long nonce = 0;
    for (int i = 0; i < TRIALS; i++) {
      txs.add(new Transaction.Payload("intl", "bench", sponsor.certificateId(), ++nonce, T0, TrialsContract.NAME,
          TrialsContract.REGISTER, Args.of("document", template.replace(id(0), id(i)))).sign(SUITE.signatures().signer(keys)));
      if (txs.size() == 1_000) {
        store.block(executor, T0, txs);
        txs = new ArrayList<>();
      }
    }
    view = new TrialRegistryView(contract, SUITE.hash());
    request = switch (at) {
      case "first" -> TrialPage.Request.parse(null, "100");
      case "middle" -> TrialPage.Request.parse(id(TRIALS / 2 - 1), "100");
      default -> TrialPage.Request.parse(id(TRIALS - 101), "100");
    };
    TrialPage check = view.trials(state, T0, request);
    if (check.trials().size() != 100 || !at.equals("last") && check.next().isEmpty() || at.equals("last") && check.next().isPresent()) {
      throw new IllegalStateException("a page of 100 expected at " + at + ": " + check.trials().size() + ", next " + check.next());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
  }

  /** One page of 100 trials, each with its overdue status and receipt link, as the route serves it. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object onePage() {
    return view.trials(state, T0, request);
  }
}
