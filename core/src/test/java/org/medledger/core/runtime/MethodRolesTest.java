package org.medledger.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.drugs.DrugEvent;
import org.medledger.core.drugs.DrugsContract;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * Issue 22, finding 9: a patient certificate of a hospital moved and "stole" its stock, because
 * ship, receive, decommission, aggregate and declareError checked only the organisation; and
 * notary.anchor checked no role (its test is the notary application's NotaryRolesTest). Every
 * method now declares the roles that may call it.
 */
class MethodRolesTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {11}));
  static final String GTIN = "09506000134352";
  static final Caller MAKER = caller("factory", "pharma-co", "maker");
  static final Caller PHARMACIST = caller("pharmacist", "hospital-a", "pharmacy");
  static final Caller PATIENT_OF_HOSPITAL = caller("patient", "hospital-a", "patient");
  static final Caller CLINICIAN = caller("dr", "hospital-a", "clinician");
  static final Caller NODE = caller("node", "hospital-a", "node");
  static final Caller REGULATOR = caller("inspector", "nmpa", "regulator");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>();

  static {
    for (Caller c : List.of(MAKER, PHARMACIST, PATIENT_OF_HOSPITAL, CLINICIAN, NODE, REGULATOR)) {
      CALLERS.put(c.certificateId(), c);
    }
  }

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry()
      .register(new DrugsContract((ctx, id) -> Optional.ofNullable(CALLERS.get(id)).orElseThrow(),
          java.util.Set.of("pharma-co", "hospital-a"))), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long nonce;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  TxOutcome run(Caller by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, 5_000, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(KEYS));
    ExecutionResult r = executor.execute(state, nonce, 5_000, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  @Test
  void aPatientCertificateOfTheHoldingHospitalMovesNoneOfItsStock() {
    ok(run(REGULATOR, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    ok(run(MAKER, "drugs", "registerGtin", "gtin", GTIN));
    ok(run(MAKER, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "301231", "serials", "1..10"));
    ok(run(MAKER, "drugs", "ship", "gtin", GTIN, "serials", "1..10", "to", "hospital-a"));
    TxOutcome stolenReceipt = run(PATIENT_OF_HOSPITAL, "drugs", "receive", "gtin", GTIN, "serials", "1..10");
    assertThat(stolenReceipt.code()).isEqualTo("forbidden");
    assertThat(stolenReceipt.message()).contains("patient").contains("drugs.receive");
    ok(run(PHARMACIST, "drugs", "receive", "gtin", GTIN, "serials", "1..10"));
    for (String[] call : new String[][] {
        {"ship", "gtin", GTIN, "serials", "1", "to", "pharma-co"},
        {"decommission", "gtin", GTIN, "serials", "2", "reason", "stolen"},
        {"aggregate", "parent", "106141411234567897", "children", "01/" + GTIN + "/21/3"},
        {"dispense", "gtin", GTIN, "serials", "4"},
        {"authorizeRelay", "node", "hospital-a"}}) {
      String[] args = java.util.Arrays.copyOfRange(call, 1, call.length);
      assertThat(run(PATIENT_OF_HOSPITAL, "drugs", call[0], args).code()).as(call[0]).isEqualTo("forbidden");
      assertThat(run(CLINICIAN, "drugs", call[0], args).code()).as(call[0] + " by a clinician").isEqualTo("forbidden");
    }
    String events = DrugEvent.encodeList(List.of(new DrugEvent("ship", Args.of("gtin", GTIN, "serials", "5", "to", "pharma-co"))));
    assertThat(run(PATIENT_OF_HOSPITAL, "drugs", "capture", "events", events).code()).isEqualTo("forbidden");
    ok(run(PHARMACIST, "drugs", "authorizeRelay", "node", "hospital-a"));
    ok(run(NODE, "drugs", "capture", "events", events, "member", PHARMACIST.certificateId().hex()));
  }

  @Test
  void aNodeRelaysOnlyEventsItsMembersRoleMayRecord() {
    ok(run(REGULATOR, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "pharma-co"));
    ok(run(MAKER, "drugs", "registerGtin", "gtin", GTIN));
    ok(run(MAKER, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "301231", "serials", "1..2"));
    ok(run(MAKER, "drugs", "ship", "gtin", GTIN, "serials", "1..2", "to", "hospital-a"));
    ok(run(PHARMACIST, "drugs", "receive", "gtin", GTIN, "serials", "1..2"));
    String commission = DrugEvent.encodeList(List.of(new DrugEvent("dispense", Args.of("gtin", GTIN, "serials", "1")),
        new DrugEvent("commission", Args.of("gtin", GTIN, "lot", "L2", "expiry", "301231", "serials", "9"))));
    ok(run(PHARMACIST, "drugs", "authorizeRelay", "node", "hospital-a"));
    TxOutcome o = run(NODE, "drugs", "capture", "events", commission, "member", PHARMACIST.certificateId().hex());
    assertThat(o.code()).isEqualTo("forbidden");
    assertThat(o.message()).startsWith("event 1:");
  }

  @Test
  void anUnknownMethodIsNamed() {
    TxOutcome unknown = run(CLINICIAN, "drugs", "steal", "gtin", GTIN);
    assertThat(unknown.code()).isEqualTo("unknown_method");
    assertThat(unknown.message()).contains("registerGtin");
  }
}
