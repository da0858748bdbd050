package org.medledger.apps.insurance.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.WriteSet;
import org.medledger.apps.records.contract.record.HealthRecordEntry;
import org.medledger.apps.records.contract.record.RecordContract;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;
import org.medledger.core.runtime.CallerResolver;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hex;

/**
 * An in-memory ledger running the real patient registry and insurance contract through the real
 * executor (roles checked by the runtime), with members of two hospitals and two insurers, and a
 * block clock the test moves by calendar day. The only test file naming the records
 * application's patient classes.
 */
final class InsuranceTestLedger {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "insurance-test";
  static final String SIGNING_CHAIN = CHAIN + "/" + "00".repeat(32);
  private static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {15}));

  private final Map<Hash, Caller> callers = new TreeMap<>();
  private final BlockExecutor executor;
  final InMemoryState state = new InMemoryState();
  private long height;
  private long nonce;
  private long now = millis(LocalDate.of(2027, 1, 4));

  final Caller insurer = member("assessor", "insurer-a", "insurer");
  final Caller otherInsurer = member("assessor-b", "insurer-b", "insurer");
  final Caller clinician = member("dr-a", "hospital-a", "clinician");
  final Caller otherClinician = member("dr-b", "hospital-b", "clinician");
  final Caller regulator = member("auditor", "regulator", "regulator");

  InsuranceTestLedger() {
    executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(SUITE, CHAIN))
        .register(new InsuranceContract(SUITE, SIGNING_CHAIN, ClaimantCheck.GENESIS_CONFIRMED_CLINICIAN)),
        SUITE.hash(), new MembersByName(), ChainParameters.DEFAULTS);
  }

  /** With the credentials contract beside insurance and {@code claimants} judging who bills (issue 16). */
  InsuranceTestLedger(ClaimantCheck claimants) {
    executor = new BlockExecutor(new ContractRegistry().register(new PatientContract(SUITE, CHAIN))
        .register(new org.medledger.apps.credentials.contract.CredentialsContract(
            org.medledger.apps.credentials.contract.NetworkOrganisations.named()))
        .register(new InsuranceContract(SUITE, SIGNING_CHAIN, claimants)),
        SUITE.hash(), new MembersByName(), ChainParameters.DEFAULTS);
  }

  /** The members this test made, as senders and as certificates a transaction names (a node's clinician). */
  private final class MembersByName implements CallerResolver {
    @Override
    public Caller resolve(Transaction tx, StateReader s) throws ContractException {
      return Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?"));
    }

    @Override
    public Optional<MemberCertificate> member(Hash certificateId, StateReader s, long atMillis) {
      return Optional.ofNullable(callers.get(certificateId)).map(c -> new MemberCertificate(c.certificateId(),
          c.organisation(), Role.parse(c.role()), c.name(), null, null));
    }
  }

  static long millis(LocalDate day) {
    return day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /** Later blocks run on {@code day} (noon UTC). */
  void today(LocalDate day) {
    now = millis(day) + 12 * 3_600_000L;
  }

  long now() {
    return now;
  }

  Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  Transaction tx(Caller by, String contract, String method, String... args) {
    return new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, now, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
  }

  TxOutcome run(Transaction tx) {
    ExecutionResult r = executor.execute(state, ++height, now, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  TxOutcome insurance(Caller by, String method, String... args) {
    return run(tx(by, "insurance", method, args));
  }

  /** Runs a call that must succeed; the id of its transaction (a policy's or claim's id). */
  Hash ok(Caller by, String method, String... args) {
    Transaction t = tx(by, "insurance", method, args);
    TxOutcome o = run(t);
    assertThat(o.success()).as(method + " → " + o.code() + ": " + o.message()).isTrue();
    return t.id(SUITE.hash());
  }

  /** A patient key registered in {@code hospital}'s care (her signature naming it); her id. */
  Hash registerPatient(KeyPair key, Caller hospitalClinician) {
    PatientId id = PatientId.of(SUITE.hash(), key.getPublic().getEncoded());
    TxOutcome o = run(tx(hospitalClinician, PatientContract.NAME, "register", "publicKey",
        Hex.encode(key.getPublic().getEncoded()), "signature",
        CareRegistration.sign(SUITE.signatures().signer(key), CHAIN, id, hospitalClinician.organisation())));
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
    return id.value();
  }

  /**
   * A health record of {@code patient} on the ledger, as the records contract keeps it
   * ({@code records/record/<hash>}), written straight into state: the insurance contract only
   * reads that it exists and whose it is. Its id.
   */
  Hash fileRecord(Hash patient, int seed) {
    Hash record = Hash.of(SUITE.hash().hash(new byte[] {(byte) seed, 5}));
    HealthRecordEntry entry = new HealthRecordEntry(record, new PatientId(patient), "DiagnosticReport", "lab", "hospital-a",
        clinician.certificateId(), new byte[] {0x0a}, height, now, false, 0, 0);
    WriteSet w = new WriteSet(state);
    w.put(StateKeys.of(RecordContract.NAME, "record/" + record.hex()), entry.encode());
    state.apply(w);
    return record;
  }

  static KeyPair newPatientKey(int seed) {
    return SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {(byte) seed, 7}));
  }

  /**
   * Every key and value of the insurance contract's state, for "nothing changed" checks (a refused
   * transaction still leaves its sender's nonce record, outside the contract's namespace).
   */
  List<String> snapshot() {
    List<String> out = new ArrayList<>();
    state.scan(StateKeys.of(InsuranceContract.NAME, ""), (k, v) -> out.add(Hex.encode(k) + "=" + Hex.encode(v)));
    return out;
  }

  Claim claim(Hash id) {
    return InsuranceReads.claim(state, id).orElseThrow();
  }

  Policy policy(Hash id) {
    return InsuranceReads.policy(state, id).orElseThrow();
  }
}
