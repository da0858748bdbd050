package org.medledger.core.drugs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
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

/** Maker → distributor → pharmacy, with a counterfeit, a clone, a recall, a diversion and every refusal the issue names. */
class DrugsContractTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair SENDER = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {5}));
  static final long T0 = 1_800_000_000_000L;
  static final LocalDate TODAY = LocalDate.of(2027, 1, 15);
  static final Caller MAKER = caller("maker", "pharma-co", "maker");
  static final Caller OTHER_MAKER = caller("other", "generic-co", "maker");
  static final Caller DISTRIBUTOR = caller("dist", "dist-co", "distributor");
  static final Caller PHARMACY = caller("pharm", "pharmacy-1", "pharmacy");
  static final Caller REGULATOR = caller("reg", "nmpa", "regulator");
  static final Map<Hash, Caller> CALLERS = new TreeMap<>();
  static final Gtin GTIN = new Gtin("09506000134352");

  static {
    for (Caller c : List.of(MAKER, OTHER_MAKER, DISTRIBUTOR, PHARMACY, REGULATOR)) {
      CALLERS.put(c.certificateId(), c);
    }
  }

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new DrugsContract()), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(CALLERS.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long height;
  long nonce;

  static Caller caller(String name, String org, String role) {
    return new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), org, role, name);
  }

  TxOutcome run(Caller by, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, T0, "drugs", method, Args.of(args))
        .sign(SUITE.signatures().signer(SENDER));
    ExecutionResult r = executor.execute(state, ++height, T0, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  String verify(String serial, String lot, String expiry, String scannedBy) {
    return DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, serial), Optional.ofNullable(lot), Optional.ofNullable(expiry)),
        TODAY, Optional.ofNullable(scannedBy)).outcome();
  }

  @Test
  void packsMoveAlongShipAndReceiveAndEveryScanGetsItsAnswer() {
    ok(run(MAKER, "registerGtin", "gtin", GTIN.value()));
    assertThat(run(OTHER_MAKER, "registerGtin", "gtin", GTIN.value()).code()).isEqualTo("already_registered");
    assertThat(run(OTHER_MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..10").code())
        .isEqualTo("forbidden");
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..10000"));
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "OLD", "expiry", "261231", "serials", "A1,A2"));
    ok(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "BAD", "expiry", "291231", "serials", "B1"));
    assertThat(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "5").code())
        .isEqualTo("already_commissioned");
    assertThat(run(MAKER, "commission", "gtin", GTIN.value(), "lot", "L1", "expiry", "281231", "serials", "1..10001").message())
        .contains("10000");

    assertThat(run(DISTRIBUTOR, "ship", "gtin", GTIN.value(), "serials", "1,2,3", "to", "pharmacy-1").code()).isEqualTo("not_holder");
    ok(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1,2,3", "to", "dist-co"));
    assertThat(run(PHARMACY, "receive", "gtin", GTIN.value(), "serials", "1").code()).isEqualTo("not_shipped_to_you");
    assertThat(run(MAKER, "ship", "gtin", GTIN.value(), "serials", "1", "to", "pharmacy-1").code()).isEqualTo("not_holder");
    ok(run(DISTRIBUTOR, "receive", "gtin", GTIN.value(), "serials", "1,2,3"));
    ok(run(DISTRIBUTOR, "ship", "gtin", GTIN.value(), "serials", "1,2", "to", "pharmacy-1"));
    ok(run(PHARMACY, "receive", "gtin", GTIN.value(), "serials", "1,2"));
    assertThat(run(DISTRIBUTOR, "dispense", "gtin", GTIN.value(), "serials", "3").code()).isEqualTo("forbidden");
    ok(run(PHARMACY, "dispense", "gtin", GTIN.value(), "serials", "1"));
    assertThat(run(PHARMACY, "dispense", "gtin", GTIN.value(), "serials", "1").code()).isEqualTo("not_active");
    ok(run(DISTRIBUTOR, "decommission", "gtin", GTIN.value(), "serials", "3", "reason", "stolen"));
    ok(run(REGULATOR, "recall", "gtin", GTIN.value(), "lot", "BAD", "reason", "contamination"));
    assertThat(run(DISTRIBUTOR, "recall", "gtin", GTIN.value(), "lot", "L1", "reason", "x").code()).isEqualTo("forbidden");

    assertThat(verify("2", "L1", "281231", "pharmacy-1")).isEqualTo("genuine");
    assertThat(verify("999999", null, null, null)).isEqualTo("unknown_serial");
    assertThat(verify("1", null, null, null)).isEqualTo("already_dispensed");
    assertThat(verify("3", null, null, null)).isEqualTo("decommissioned");
    assertThat(verify("B1", null, null, null)).isEqualTo("recalled");
    assertThat(verify("A1", null, null, null)).isEqualTo("expired");
    assertThat(verify("2", "L2", null, null)).isEqualTo("lot_mismatch");
    assertThat(verify("2", "L1", "290101", null)).isEqualTo("expiry_mismatch");
    assertThat(verify("4", null, null, "pharmacy-1")).as("still at the maker").isEqualTo("diverted");
    var trace = DrugVerifier.verify(state, new DigitalLink(new Sgtin(GTIN, "2"), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).trace();
    assertThat(trace).hasSize(5);
    assertThat(trace.get(0)).contains("pharma-co");
    assertThat(trace.get(4)).contains("receive by pharmacy-1");
  }
}
