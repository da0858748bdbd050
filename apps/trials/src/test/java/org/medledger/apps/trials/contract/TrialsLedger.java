package org.medledger.apps.trials.contract;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.medledger.apps.records.contract.consent.ConsentContract;
import org.medledger.apps.records.contract.consent.ConsentGrant;
import org.medledger.apps.records.contract.consent.ConsentRevocation;
import org.medledger.apps.records.contract.consent.Grantee;
import org.medledger.apps.records.contract.consent.PurposeOfUse;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.crypto.Hex;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * The trials contract on the platform's real block executor and state: each call is a block of
 * its own at the next height, committed before the next; queries read the committed state.
 */
public final class TrialsLedger {
  public static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {17}));
  /** 2026-03-01T00:00:00Z. */
  static final long MARCH_2026 = 1_772_323_200_000L;
  static final long DAY = 86_400_000L;

  static final String CHAIN = "test";
  public final TrialsContract contract = new TrialsContract(SUITE.hash());
  final TreeMap<Hash, Caller> callers = new TreeMap<>();
  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(contract)
      .register(new PatientContract(SUITE, CHAIN)).register(new ConsentContract(SUITE, CHAIN)), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  public final InMemoryState state = new InMemoryState();
  /** Every transaction executed, by id: what a node's block store keeps. */
  public final TreeMap<Hash, Transaction> committed = new TreeMap<>();
  long height;
  public long time = MARCH_2026;
  long nonce;

  public Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  Transaction tx(Caller by, String method, String... args) {
    return txOf(by, TrialsContract.NAME, method, args);
  }

  Transaction txOf(Caller by, String contractName, String method, String... args) {
    return new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, time, contractName, method, Args.of(args))
        .sign(SUITE.signatures().signer(KEYS));
  }

  /** Records' registrar: a hospital clinician who registers patients and relays their signed consents. */
  private Caller registrar;
  private final TreeMap<Integer, KeyPair> patientKeys = new TreeMap<>();

  private Caller registrar() {
    if (registrar == null) {
      registrar = member("registrar", "hospital-r", "clinician");
    }
    return registrar;
  }

  /** The patient's key pair, made once: a seeded SecureRandom is not repeatable on every platform. */
  KeyPair patientKey(int seed) {
    return patientKeys.computeIfAbsent(seed, s -> SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {(byte) (int) s, 3})));
  }

  /** A patient registered with records (her own signature); her id. */
  public Hash patient(int seed) {
    KeyPair key = patientKey(seed);
    PatientId id = PatientId.of(SUITE.hash(), key.getPublic().getEncoded());
    ok(block(List.of(txOf(registrar(), PatientContract.NAME, "register", "publicKey", Hex.encode(key.getPublic().getEncoded()),
        "signature", CareRegistration.sign(SUITE.signatures().signer(key), CHAIN, id, registrar().organisation())))).get(0));
    return id.value();
  }

  /** The patient's consent on the ledger, signed by her: {@code grantee} ({@code org:...}) for these purposes until {@code end}; its id. */
  public Hash consent(int seed, String grantee, long end, PurposeOfUse... purposes) {
    KeyPair key = patientKey(seed);
    ConsentGrant grant = new ConsentGrant(CHAIN, PatientId.of(SUITE.hash(), key.getPublic().getEncoded()), Grantee.parse(grantee),
        new TreeSet<>(List.of(ConsentGrant.ALL)), new TreeSet<>(), new TreeSet<>(List.of(purposes)), time - DAY, end, false,
        "consent-" + (++nonce));
    byte[] bytes = grant.encode();
    ok(block(List.of(txOf(registrar(), ConsentContract.NAME, "grant", "grant", Hex.encode(bytes), "signature",
        Hex.encode(SUITE.signatures().signer(key).sign(bytes))))).get(0));
    return grant.id(SUITE.hash());
  }

  /** She withdraws the consent with her own signature. */
  public void withdraw(int seed, Hash consent) {
    ok(block(List.of(txOf(registrar(), ConsentContract.NAME, "revoke", "consent", consent.hex(), "signature",
        Hex.encode(SUITE.signatures().signer(patientKey(seed)).sign(ConsentRevocation.statement(CHAIN, consent)))))).get(0));
  }

  /** A registered patient with her research consent for {@code sponsor} for a year: the enrol arguments for {@code trialId}. */
  public String[] consented(int seed, String sponsor, String trialId) {
    Hash patient = patient(seed);
    Hash consent = consent(seed, "org:" + sponsor, time + 365 * DAY, PurposeOfUse.HRESCH);
    return new String[] {"trialId", trialId, "patient", patient.hex(), "consent", consent.hex()};
  }

  static void ok(TxOutcome o) {
    if (!o.success()) {
      throw new AssertionError(o.code() + ": " + o.message());
    }
  }

  /** One block holding one transaction. */
  public TxOutcome run(Caller by, String method, String... args) {
    return block(List.of(tx(by, method, args))).get(0);
  }

  /** One block holding these transactions, committed. */
  List<TxOutcome> block(List<Transaction> txs) {
    height++;
    time += 60_000;
    for (Transaction tx : txs) {
      committed.put(tx.id(SUITE.hash()), tx);
    }
    ExecutionResult r = executor.execute(state, height, time, txs);
    state.apply(r.writes());
    return new ArrayList<>(r.outcomes());
  }

  /** How many keys the trials contract holds: a refused transaction leaves it unchanged. */
  int trialsKeys() {
    int[] n = {0};
    state.scan(org.medledger.core.runtime.StateKeys.of(TrialsContract.NAME, ""), (k, v) -> {
      n[0]++;
      return true;
    });
    return n[0];
  }

  SortedMap<String, String> query(String method, String... args) throws ContractException {
    return contract.query(state, method, Args.of(args));
  }
}
