package org.medledger.apps.care.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.runtime.WriteSet;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;

/**
 * An in-memory ledger (public: the node's views of care are tested on it too) running the real patient registry and care contract through the real
 * executor (roles checked by the runtime), with members of two hospitals. Health records are
 * written straight into records' state: the care contract only reads whose a record is, its type
 * and its custodian.
 */
public final class CareTestLedger {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "care-test";
  private static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {16}));

  private final Map<Hash, Caller> callers = new TreeMap<>();
  private final Map<Hash, java.security.PublicKey> keys = new TreeMap<>();
  private final BlockExecutor executor;
  public final InMemoryState state = new InMemoryState();
  private long height;
  private long nonce;
  private long now = 1_800_000_000_000L;

  public final Caller drWang = member("dr-wang", "hospital-a", "clinician");
  public final Caller adminA = member("admin-a", "hospital-a", "admin");
  public final Caller nodeA = member("node-a", "hospital-a", "node");
  public final Caller drChen = member("dr-chen", "hospital-b", "clinician");
  public final Caller nodeB = member("node-b", "hospital-b", "node");

  public CareTestLedger() {
    this(CareAuthorCheck.CLINICIAN_ROLE);
  }

  CareTestLedger(CareAuthorCheck authors) {
    executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(SUITE, CHAIN))
        .register(new CareContract(authors)), SUITE.hash(), new MembersByName(), ChainParameters.DEFAULTS);
  }

  private final class MembersByName implements CallerResolver {
    @Override
    public Caller resolve(Transaction tx, StateReader s) throws ContractException {
      return Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?"));
    }

    @Override
    public Optional<MemberCertificate> member(Hash certificateId, StateReader s, long atMillis) {
      return Optional.ofNullable(callers.get(certificateId)).map(c -> new MemberCertificate(c.certificateId(),
          c.organisation(), Role.parse(c.role()), c.name(), keys.get(certificateId), null));
    }
  }

  public Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  public void later(long millis) {
    now += millis;
  }

  /** The time the next block will carry. */
  public long now() {
    return now;
  }

  private final Map<Long, Long> blockTimes = new TreeMap<>();

  /** The time of the block at {@code h}, as a node's signed headers give it. */
  public Optional<Long> blockTime(long h) {
    return Optional.ofNullable(blockTimes.get(h));
  }

  public TxOutcome run(Caller by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, now, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
    ExecutionResult r = executor.execute(state, ++height, now, List.of(tx));
    blockTimes.put(height, now);
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  public TxOutcome care(Caller by, String method, String... args) {
    return run(by, CareContract.NAME, method, args);
  }

  public void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  /** A patient registered in the care of each hospital of {@code clinicians} (her signature naming it); her id. */
  public Hash patient(int seed, Caller... clinicians) {
    KeyPair key = patientKey(seed);
    PatientId id = PatientId.of(SUITE.hash(), key.getPublic().getEncoded());
    for (Caller c : clinicians) {
      ok(run(c, PatientContract.NAME, "register", "publicKey", Hex.encode(key.getPublic().getEncoded()), "signature",
          CareRegistration.sign(SUITE.signatures().signer(key), CHAIN, id, c.organisation())));
    }
    return id.value();
  }

  private final Map<Integer, KeyPair> patientKeys = new TreeMap<>();

  /** The patient's key pair, made once: a seeded SecureRandom is not repeatable on every platform. */
  KeyPair patientKey(int seed) {
    return patientKeys.computeIfAbsent(seed, s -> SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {(byte) (int) s, 7})));
  }

  /** The patient of {@code seed} as a member: her certificate carries the key she registered with. */
  public Caller patientMember(String name, int seed) {
    Caller c = member(name, "hospital-a", "patient");
    keys.put(c.certificateId(), patientKey(seed).getPublic());
    return c;
  }

  /** A health record of {@code patient} kept by {@code custodian}, as records keeps it; its hash. */
  public Hash record(Hash patient, String resourceType, String custodian, int seed) {
    Hash record = Hash.of(SUITE.hash().hash(new byte[] {(byte) seed, 9}));
    HealthRecordEntry entry = new HealthRecordEntry(record, new PatientId(patient), resourceType, "care", custodian,
        drWang.certificateId(), new byte[] {0x0a}, height, now, false, 0, 0);
    WriteSet w = new WriteSet(state);
    w.put(StateKeys.of(RecordContract.NAME, "record/" + record.hex()), entry.encode());
    state.apply(w);
    return record;
  }

  /** Writes a state entry of another contract straight into state (what its own contract would have committed). */
  void put(String namespace, String key, byte[] value) {
    WriteSet w = new WriteSet(state);
    w.put(StateKeys.of(namespace, key), value);
    state.apply(w);
  }

  /** Every key and value of the care contract's state, for "nothing changed" checks. */
  List<String> snapshot() {
    List<String> out = new ArrayList<>();
    state.scan(StateKeys.of(CareContract.NAME, ""), (k, v) -> out.add(Hex.encode(k) + "=" + Hex.encode(v)));
    return out;
  }
}
