package org.medledger.apps.safety.contract.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
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
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;

/**
 * An in-memory ledger running the real drugs, patients, devices and adverse-events contracts through the
 * real executor, with the device registry's contract beside them. Members have real key pairs, so a patient's certificate key gives her patient id
 * as on a real chain; the membership behind them is this map (roles as the genesis allows them).
 */
final class SafetyTestLedger {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "test";
  static final long T0 = 1_800_000_000_000L; // 2027-01-15
  static final Set<String> ORGANISATIONS = Set.of("pharma-co", "dist-co", "pharmacy-1", "pharmacy-2", "hospital-a", "hospital-b",
      "nmpa", "insurer-co");

  /** A member: the caller as the runtime resolves it, and the key pair its certificate carries. */
  record Member(Caller caller, KeyPair keys) {
    String patientId() {
      return PatientId.of(SUITE.hash(), keys.getPublic().getEncoded()).toString();
    }
  }

  private final Map<Hash, Member> members = new TreeMap<>();
  private final BlockExecutor executor;
  final InMemoryState state = new InMemoryState();
  private long height;
  private long nonce;
  private int seed;

  SafetyTestLedger() {
    CallerResolver resolver = new CallerResolver() {
      @Override
      public Caller resolve(Transaction tx, StateReader s) throws ContractException {
        return Optional.ofNullable(members.get(tx.sender())).map(Member::caller)
            .orElseThrow(() -> new ContractException("unknown_sender", "not a member"));
      }

      @Override
      public Optional<MemberCertificate> member(Hash id, StateReader s, long at) {
        return Optional.ofNullable(members.get(id)).map(m -> new MemberCertificate(id, m.caller().organisation(),
            Role.parse(m.caller().role()), m.caller().name(), m.keys().getPublic(), null));
      }
    };
    executor = new BlockExecutor(new ContractRegistry().register(new DrugsContract(ORGANISATIONS))
        .register(new PatientContract(SUITE, CHAIN)).register(new DeviceRegistryContract(SUITE, CHAIN))
        .register(new AdverseEventsContract(SUITE.hash(), new DeviceRegistryUnits())),
        SUITE.hash(), resolver, ChainParameters.DEFAULTS);
  }

  Member member(String name, String organisation, String role) {
    KeyPair keys = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {(byte) ++seed, 17}));
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    Member m = new Member(c, keys);
    members.put(c.certificateId(), m);
    return m;
  }

  TxOutcome run(Member by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", CHAIN, by.caller().certificateId(), ++nonce, T0, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(by.keys()));
    ExecutionResult r = executor.execute(state, ++height, T0 + height * 1_000, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  TxOutcome events(Member by, String method, String... args) {
    return run(by, AdverseEventsContract.NAME, method, args);
  }

  /** Registers a patient (her own key, her signature naming the hospital) at a clinician's hospital. */
  void registerPatient(Member patient, Member clinician) {
    String org = clinician.caller().organisation();
    PatientId id = PatientId.of(SUITE.hash(), patient.keys().getPublic().getEncoded());
    ok(run(clinician, PatientContract.NAME, "register", "publicKey", HexFormat.of().formatHex(patient.keys().getPublic().getEncoded()),
        "custody", "self", "signature", CareRegistration.sign(SUITE.signatures().signer(patient.keys()), CHAIN, id, org)));
  }

  /** How many keys the adverse-events contract holds: a refused transaction leaves it as it was. */
  int eventKeys() {
    int[] n = {0};
    state.scan(StateKeys.of(AdverseEventsContract.NAME, ""), (k, v) -> {
      n[0]++;
      return true;
    });
    return n[0];
  }

  static void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  static String drugs() {
    return DrugsContract.NAME;
  }
}
