package org.medledger.bench;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.records.contract.patient.CareRegistration;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.contract.events.RegisteredUnits;
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
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.MemberCertificate;
import org.medledger.crypto.x509.Role;
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
 * Issue 17's measured item: the exposed-patient lookup for a lot over 100,000 dispense events.
 * The setup runs the real drugs, patients and adverse-events contracts through the executor into
 * RocksDB, as a node's state: 100 lots of 1,000 packs commissioned, shipped to 10 pharmacies,
 * received and dispensed (100,000 dispensed packs), 5,000 registered patients receiving 20 packs
 * each ({@code adverseEvents.recordDispensing}, 100,000 transactions), half of them agreeing to be
 * reached about a recall. The measured call is what the regulator's lot view and
 * {@code medledger signal recall} make: {@code AdverseEventQueries.exposedPatients} for one lot
 * (1,000 packs to 1,000 patients, each patient's contact consent read). SampleTime gives p50/p99.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class ExposedPatientsBenchmark {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final String CHAIN = "bench";
  static final String GTIN = "09506000134352";
  static final int LOTS = 100;
  static final int PACKS_PER_LOT = 1_000;
  static final int PHARMACIES = 10;
  static final int PATIENTS = 5_000;
  static final long T0 = 1_800_000_000_000L;

  BenchStore store;
  StateReader state;
  final TreeMap<Hash, Caller> callers = new TreeMap<>();
  final TreeMap<Hash, KeyPair> keys = new TreeMap<>();
  BlockExecutor executor;
  long nonce;
  int next;

  Caller member(String name, String org, String role, KeyPair k) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
    callers.put(c.certificateId(), c);
    keys.put(c.certificateId(), k);
    return c;
  }

  Transaction tx(Caller by, String contract, String method, String... args) {
    return new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, T0, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(keys.get(by.certificateId())));
  }

  void block(List<Transaction> txs) {
    store.block(executor, T0, txs);
  }

  @Setup(Level.Trial)
  public void setup() throws Exception {
    store = BenchStore.open("exposure");
    state = store.state();
    java.util.Set<String> orgs = new java.util.TreeSet<>(List.of("pharma-co", "hospital-a", "nmpa"));
    for (int p = 0; p < PHARMACIES; p++) {
      orgs.add("pharmacy-" + p);
    }
    executor = new BlockExecutor(new ContractRegistry().register(new DrugsContract(orgs)).register(new PatientContract(SUITE, CHAIN))
        .register(new AdverseEventsContract(SUITE.hash(), RegisteredUnits.NONE)),
        SUITE.hash(), new org.medledger.core.runtime.CallerResolver() {
          @Override
          public Caller resolve(Transaction tx, StateReader s) {
            return callers.get(tx.sender());
          }

          @Override
          public Optional<MemberCertificate> member(Hash id, StateReader s, long at) {
            return Optional.ofNullable(callers.get(id)).map(c -> new MemberCertificate(c.certificateId(), c.organisation(),
                Role.parse(c.role()), c.name(), keys.get(id).getPublic(), null));
          }
        }, ChainParameters.DEFAULTS);
    SecureRandom random = new SecureRandom(new byte[] {17});
    Caller regulator = member("reg", "nmpa", "regulator", SUITE.signatures().generateKeyPair(random));
    Caller maker = member("maker", "pharma-co", "maker", SUITE.signatures().generateKeyPair(random));
    Caller clinician = member("dr", "hospital-a", "clinician", SUITE.signatures().generateKeyPair(random));
    block(List.of(tx(regulator, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "pharma-co")));
    block(List.of(tx(maker, "drugs", "registerGtin", "gtin", GTIN)));
    for (int lot = 0; lot < LOTS; lot++) {
      int first = lot * PACKS_PER_LOT + 1;
      block(List.of(tx(maker, "drugs", "commission", "gtin", GTIN, "lot", lot(lot), "expiry", "281231", "serials",
          first + ".." + (first + PACKS_PER_LOT - 1))));
    }
    int perPharmacy = LOTS * PACKS_PER_LOT / PHARMACIES;
    List<Caller> pharmacists = new ArrayList<>();
    for (int p = 0; p < PHARMACIES; p++) {
      Caller ph = member("pharmacist-" + p, "pharmacy-" + p, "pharmacy", SUITE.signatures().generateKeyPair(random));
      pharmacists.add(ph);
      String range = (p * perPharmacy + 1) + ".." + ((p + 1) * perPharmacy);
      block(List.of(tx(maker, "drugs", "ship", "gtin", GTIN, "serials", range, "to", "pharmacy-" + p)));
      block(List.of(tx(ph, "drugs", "receive", "gtin", GTIN, "serials", range)));
      block(List.of(tx(ph, "drugs", "dispense", "gtin", GTIN, "serials", range)));
    }
    List<String> patientIds = new ArrayList<>();
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < PATIENTS; i++) {
      KeyPair k = SUITE.signatures().generateKeyPair(random);
      PatientId id = PatientId.of(SUITE.hash(), k.getPublic().getEncoded());
      patientIds.add(id.toString());
      Caller patient = member("patient-" + i, "hospital-a", "patient", k);
      txs.add(tx(clinician, "patients", "register", "publicKey", Hex.encode(k.getPublic().getEncoded()), "signature",
          CareRegistration.sign(SUITE.signatures().signer(k), CHAIN, id, "hospital-a")));
      if (i % 2 == 0) {
        txs.add(tx(patient, AdverseEventsContract.NAME, AdverseEventsContract.SET_RECALL_CONTACT, "granted", "true"));
      }
      if (txs.size() >= 1_000) {
        block(txs);
        txs = new ArrayList<>();
      }
    }
    block(txs);
    txs = new ArrayList<>();
    for (int serial = 1; serial <= LOTS * PACKS_PER_LOT; serial++) {
      Caller ph = pharmacists.get((serial - 1) / perPharmacy);
      txs.add(tx(ph, AdverseEventsContract.NAME, AdverseEventsContract.RECORD_DISPENSING, "gtin", GTIN, "serial",
          Integer.toString(serial), "patient", patientIds.get(serial % PATIENTS)));
      if (txs.size() >= 1_000) {
        block(txs);
        txs = new ArrayList<>();
      }
    }
    var check = AdverseEventQueries.exposedPatients(state, GTIN, lot(7));
    if (check.exposures().size() != PACKS_PER_LOT || check.contactable().size() + check.notContactable() != PACKS_PER_LOT) {
      throw new IllegalStateException("lot L007 should reach 1,000 patients: " + check.exposures().size() + " packs, "
          + check.contactable().size() + " contactable, " + check.notContactable() + " not");
    }
  }

  static String lot(int i) {
    return String.format("L%03d", i);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    store.close();
  }

  /** Who received one lot (1,000 packs of 100,000 dispensed): consenting patients by id, the others counted. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object exposedPatientsOfALot() {
    next = (next + 37) % LOTS;
    return AdverseEventQueries.exposedPatients(state, GTIN, lot(next));
  }
}
