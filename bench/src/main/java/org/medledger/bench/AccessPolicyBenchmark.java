package org.medledger.bench;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.medledger.apps.records.contract.access.AccessDecision;
import org.medledger.apps.records.contract.access.AccessPolicy;
import org.medledger.apps.records.contract.access.Requester;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy point's consent check on a read, from a RocksDB store holding 2,000 patients with 5
 * records and 3 consents each (one in force, one expired, one revoked), as a node reads it:
 * latency percentiles (SampleTime: JMH prints p50 / p99 / p99.9), for a read served under consent
 * and one refused after every consent was examined. And the audit's own cost: executing one
 * {@code audit.log} transaction of 200 events (events/s = 200 × ops/s) on one core.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class AccessPolicyBenchmark {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "bench";
  static final int PATIENTS = 2_000;
  static final long T0 = 1_800_000_000_000L;
  static final KeyPair MEMBER_KEYS = SUITE.signatures().generateKeyPair(new SecureRandom());
  static final java.security.PublicKey MEMBER_KEY = MEMBER_KEYS.getPublic();
  static final Caller HOSPITAL_A = caller("a", "hospital-a", "clinician");
  static final Caller HOSPITAL_B = caller("b", "hospital-b", "clinician");
  static final Caller INSURER = caller("i", "insurer-x", "insurer");
  /** hospital-b's node: a node logs its own organisation's reads only. */
  static final Caller NODE = caller("n", "hospital-b", "node");

  BenchStore store;
  StateReader state;
  BlockExecutor executor;
  final List<Hash> records = new ArrayList<>();
  final List<PatientId> patients = new ArrayList<>();
  Transaction auditBatch;
  int next;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    store = BenchStore.open("policy");
    state = store.state();
    TreeMap<Hash, Caller> callers = new TreeMap<>();
    for (Caller c : List.of(HOSPITAL_A, HOSPITAL_B, INSURER, NODE)) {
      callers.put(c.certificateId(), c);
    }
    executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(SUITE, CHAIN))
        .register(new ConsentContract(SUITE, CHAIN)).register(new RecordContract(SUITE, CHAIN,
        (record, manifest, state, height) -> java.util.Optional.empty())) // measures the policy point: its records carry placeholder manifests
       .register(new AuditContract(SUITE, CHAIN)),
        SUITE.hash(), new org.medledger.core.runtime.CallerResolver() {
          @Override
          public Caller resolve(Transaction tx, StateReader s) {
            return callers.get(tx.sender());
          }

          @Override
          public Optional<org.medledger.crypto.x509.MemberCertificate> member(Hash id, StateReader s, long at) {
            return Optional.ofNullable(callers.get(id)).map(c -> new org.medledger.crypto.x509.MemberCertificate(
                c.certificateId(), c.organisation(), org.medledger.crypto.x509.Role.parse(c.role()), c.name(), MEMBER_KEY, null));
          }
        }, ChainParameters.DEFAULTS);
    KeyPair sender = SUITE.signatures().generateKeyPair(new SecureRandom());
    SecureRandom random = new SecureRandom(new byte[] {7});
    long nonce = 0;
    long height = -1;
    for (int batch = 0; batch < PATIENTS / 200; batch++) {
      List<Transaction> txs = new ArrayList<>();
      for (int p = 0; p < 200; p++) {
        KeyPair patient = SUITE.signatures().generateKeyPair(random);
        PatientId pid = PatientId.of(SUITE.hash(), patient.getPublic().getEncoded());
        patients.add(pid);
        txs.add(tx(sender, HOSPITAL_A, ++nonce, "patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()),
            "signature", org.medledger.apps.records.contract.patient.CareRegistration.sign(SUITE.signatures().signer(patient), CHAIN, pid, "hospital-a")));
        for (int r = 0; r < 5; r++) {
          Hash rh = Hash.of(SUITE.hash().hash((pid + "/" + r).getBytes()));
          records.add(rh);
          txs.add(tx(sender, HOSPITAL_A, ++nonce, "records", "register", "record", rh.hex(), "patient", pid.toString(),
              "resourceType", "DiagnosticReport", "category", r == 0 ? "laboratory" : "imaging", "manifest", "00",
              "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32)));
        }
        txs.add(grant(sender, ++nonce, patient, pid, "laboratory", T0 - 1000, T0 + 3_600_000, "in-force"));
        txs.add(grant(sender, ++nonce, patient, pid, "all", T0 - 7_200_000, T0 - 3_600_000, "expired"));
        txs.add(grant(sender, ++nonce, patient, pid, "imaging", T0 - 1000, T0 + 3_600_000, "revoked"));
        Hash revoked = grantOf(pid, "imaging", T0 - 1000, T0 + 3_600_000, "revoked").id(SUITE.hash());
        txs.add(tx(sender, HOSPITAL_A, ++nonce, "consent", "revoke", "consent", revoked.hex(), "signature",
            Hex.encode(SUITE.signatures().signer(patient).sign(
                org.medledger.apps.records.contract.consent.ConsentRevocation.statement(CHAIN, revoked)))));
      }
      ExecutionResult result = executor.execute(state, ++height, T0 - 2000, txs);
      store.commit(height, result.writes());
    }
    List<AccessEvent> events = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      Hash rh = records.get(i * 5);
      AccessDecision d = AccessPolicy.decide(state, new Requester(HOSPITAL_B, Optional.empty()), rh, PurposeOfUse.TREAT, null, T0);
      events.add(AccessEvent.reported(rh, patients.get(i), HOSPITAL_B.certificateId(), "hospital-b", "clinician",
          PurposeOfUse.TREAT, d, T0).requestedBy(org.medledger.apps.records.contract.audit.SignedReadRequest.sign(
              new org.medledger.apps.records.contract.audit.ReadRequest(CHAIN, HOSPITAL_B.certificateId(), rh, PurposeOfUse.TREAT, "", T0,
                  Hash.of(SUITE.hash().hash(("bench-" + i).getBytes()))), SUITE.signatures().signer(MEMBER_KEYS))));
    }
    auditBatch = tx(sender, NODE, ++nonce, "audit", "log", "events", Hex.encode(AccessEvent.encodeBatch(events)));
  }

  private static ConsentGrant grantOf(PatientId pid, String category, long start, long end, String ref) {
    return new ConsentGrant(CHAIN, pid, Grantee.organisation("hospital-b"), new TreeSet<>(Set.of(category)), new TreeSet<>(),
        new TreeSet<>(Set.of(PurposeOfUse.TREAT)), start, end, false, ref);
  }

  private static Transaction grant(KeyPair sender, long nonce, KeyPair patient, PatientId pid, String category, long start,
      long end, String ref) {
    byte[] g = grantOf(pid, category, start, end, ref).encode();
    return tx(sender, HOSPITAL_A, nonce, "consent", "grant", "grant", Hex.encode(g),
        "signature", Hex.encode(SUITE.signatures().signer(patient).sign(g)));
  }

  private static Transaction tx(KeyPair sender, Caller as, long nonce, String contract, String method, String... args) {
    return new Transaction.Payload("intl", CHAIN, as.certificateId(), nonce, T0 - 2000, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(sender));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
  }

  /** A laboratory record: served under the consent in force. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public AccessDecision consentCheckServed() {
    int i = (next = (next + 1) % PATIENTS);
    AccessDecision d = AccessPolicy.decide(state, new Requester(HOSPITAL_B, Optional.empty()), records.get(i * 5), PurposeOfUse.TREAT, null, T0);
    if (!d.served()) {
      throw new IllegalStateException("expected a served read: " + d.reason());
    }
    return d;
  }

  /** An imaging record: its consent was revoked, the other expired; every consent is examined. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public AccessDecision consentCheckRefused() {
    int i = (next = (next + 1) % PATIENTS);
    AccessDecision d = AccessPolicy.decide(state, new Requester(HOSPITAL_B, Optional.empty()), records.get(i * 5 + 1), PurposeOfUse.TREAT, null, T0);
    if (d.served()) {
      throw new IllegalStateException("expected a refusal");
    }
    return d;
  }

  /** One audit transaction of 200 events executed against the store: events/s = 200 × ops/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public ExecutionResult auditBatchOf200() {
    ExecutionResult r = executor.execute(state, 1_000_000, T0, List.of(auditBatch));
    if (!r.outcomes().get(0).success()) {
      throw new IllegalStateException(r.outcomes().get(0).message());
    }
    return r;
  }
}
