package org.medledger.bench.insurance;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.medledger.apps.insurance.contract.Adjudicator;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.ClaimantCheck;
import org.medledger.apps.insurance.contract.InsuranceContract;
import org.medledger.apps.insurance.contract.LineHash;
import org.medledger.apps.insurance.contract.ProductTerms;
import org.medledger.apps.insurance.contract.YearUsage;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Adjudicating one claim of 5 covered lines inside the insurance contract (issue 15, "Measured"):
 * {@code submitClaim} executed by the real block executor against in-memory state holding the
 * patient, the product and her policy with part of the year's deductible used (roles, argument
 * decoding, policy and product reads, waiting period, paid-line lookups, adjudication, the
 * claim's writes; no signature check, which admission does before execution), and the pure
 * {@link Adjudicator} alone. One core; µs per claim.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClaimAdjudicationBenchmark {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "bench";
  static final byte[] SALT = new byte[32];
  static final Caller INSURER = caller("assessor", "insurer", "insurer");
  static final Caller CLINICIAN = caller("dr-a", "hospital-a", "clinician");

  private final TreeMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
  private final StateReader reader = new StateReader() {
    @Override
    public byte[] get(byte[] key) {
      return state.get(key);
    }

    @Override
    public void scan(byte[] prefix, BiPredicate<byte[], byte[]> visitor) {
      for (Map.Entry<byte[], byte[]> e : state.tailMap(prefix, true).entrySet()) {
        if (!startsWith(e.getKey(), prefix) || !visitor.test(e.getKey(), e.getValue())) {
          return;
        }
      }
    }
  };
  private final KeyPair sender = SUITE.signatures().generateKeyPair(new SecureRandom());
  private BlockExecutor executor;
  private long height;
  private long nonce;
  private long now;
  private ProductTerms product;
  private List<ClaimLine> lines;
  private Transaction claim;

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  @Setup
  public void setup() {
    TreeMap<Hash, Caller> callers = new TreeMap<>();
    callers.put(INSURER.certificateId(), INSURER);
    callers.put(CLINICIAN.certificateId(), CLINICIAN);
    executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(SUITE, CHAIN))
        .register(new InsuranceContract(SUITE, CHAIN, ClaimantCheck.GENESIS_CONFIRMED_CLINICIAN)), SUITE.hash(),
        (tx, s) -> callers.get(tx.sender()), ChainParameters.DEFAULTS);
    now = LocalDate.of(2027, 1, 4).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    KeyPair patientKey = SUITE.signatures().generateKeyPair(new SecureRandom());
    PatientId patient = PatientId.of(SUITE.hash(), patientKey.getPublic().getEncoded());
    commit(tx(CLINICIAN, "patients", "register", "publicKey", Hex.encode(patientKey.getPublic().getEncoded()), "signature",
        CareRegistration.sign(SUITE.signatures().signer(patientKey), CHAIN, patient, "hospital-a")));
    product = new ProductTerms("EUR", 10_000, 2_000, 1_000_000, 30, List.of(
        new Benefit("inpatient", new TreeSet<>(), 0),
        new Benefit("outpatient", new TreeSet<>(Set.of("99213", "99214")), 50_000),
        new Benefit("surgery", new TreeSet<>(), 0)),
        new TreeSet<>(Set.of("COSMETIC-01")), new TreeSet<>(Set.of("TRANSPLANT")), 500_000, 72);
    commit(tx(INSURER, "insurance", "publishProduct", "product", "basic", "terms", Hex.encode(product.encode())));
    Transaction issue = tx(INSURER, "insurance", "issuePolicy", "product", "basic", "patient", patient.toString(),
        "start", "2027-01-04", "end", "2028-01-04");
    commit(issue);
    Hash policy = issue.id(SUITE.hash());
    now += 60L * 86_400_000L;
    // A first claim uses part of the year's deductible, so the measured one reads usage as most do.
    commit(tx(CLINICIAN, "insurance", "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Hex.encode(ClaimLine.encode(List.of(line(patient.value(), "inpatient", "WARD-DAY", 1, 6_000, "2027-03-01"))))));
    lines = List.of(
        line(patient.value(), "inpatient", "WARD-DAY", 3, 20_000, "2027-03-02"),
        line(patient.value(), "inpatient", "MEALS", 9, 1_500, "2027-03-02"),
        line(patient.value(), "outpatient", "99213", 1, 60_000, "2027-03-02"),
        line(patient.value(), "surgery", "APPENDECTOMY", 1, 250_000, "2027-03-02"),
        line(patient.value(), "outpatient", "99214", 2, 12_000, "2027-03-02"));
    claim = tx(CLINICIAN, "insurance", "submitClaim", "policy", policy.hex(), "currency", "EUR", "lines",
        Hex.encode(ClaimLine.encode(lines)));
    TxOutcome o = execute(claim).outcomes().get(0);
    if (!o.success()) {
      throw new IllegalStateException("the measured claim is refused: " + o.code() + ": " + o.message());
    }
  }

  private static ClaimLine line(Hash patient, String category, String code, int quantity, long unit, String date) {
    return new ClaimLine(category, code, quantity, unit, date, "hospital-a",
        LineHash.of(SUITE.hash(), SALT, patient, "hospital-a", date, code), List.of());
  }

  private Transaction tx(Caller by, String contract, String method, String... args) {
    return new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, now, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(sender));
  }

  private ExecutionResult execute(Transaction tx) {
    return executor.execute(reader, height + 1, now, List.of(tx));
  }

  private void commit(Transaction tx) {
    ExecutionResult r = execute(tx);
    if (!r.outcomes().get(0).success()) {
      throw new IllegalStateException(tx.method() + " refused: " + r.outcomes().get(0).message());
    }
    height++;
    r.writes().forEach((k, v) -> {
      if (v == null) {
        state.remove(k);
      } else {
        state.put(k, v);
      }
    });
  }

  /** The whole transaction through the executor; its writes are not applied, so every call judges the same claim. */
  @Benchmark
  public ExecutionResult submitClaimOf5Lines() {
    return execute(claim);
  }

  /** The adjudication rules alone, on decoded lines. */
  @Benchmark
  public Adjudicator.Result adjudicatorOf5Lines() {
    return Adjudicator.adjudicate(product, lines, year -> new YearUsage(6_000, 0), h -> 0L);
  }

}
