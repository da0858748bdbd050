package org.medledger.apps.drugs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.runtime.WorkLimits;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;

/**
 * Issue 22, finding 2, at the contract: a capture naming one case per event weighs a few hundred
 * but rewrites ten thousand packs per event. Metered, it fails as too heavy and changes nothing.
 */
class DrugsWorkLimitTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {7}));
  static final Caller MAKER = new Caller(Hash.of(SUITE.hash().hash("maker".getBytes())), "pharma-co", "maker", "maker");
  static final Caller REGULATOR = new Caller(Hash.of(SUITE.hash().hash("regulator".getBytes())), "nmpa", "regulator", "regulator");
  static final String GTIN = "09506000134352";
  static final String CASE = "106141411234567897";

  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new DrugsContract(java.util.Set.of("pharma-co", "dist-co"))), SUITE.hash(),
      (tx, s) -> {
        if (tx.sender().equals(REGULATOR.certificateId())) {
          return REGULATOR;
        }
        if (!tx.sender().equals(MAKER.certificateId())) {
          throw new ContractException("unknown_sender", "?");
        }
        return MAKER;
      }, ChainParameters.DEFAULTS);
  final InMemoryState state = new InMemoryState();
  long nonce;

  Transaction tx(String method, String... args) {
    return tx(MAKER, method, args);
  }

  Transaction tx(Caller by, String method, String... args) {
    return new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, 1_800_000_000_000L, "drugs", method,
        Args.of(args)).sign(SUITE.signatures().signer(KEYS));
  }

  TxOutcome run(Transaction tx) {
    ExecutionResult r = executor.execute(state, nonce, 1_800_000_000_000L, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  @Test
  void aCaptureThatWeighsLittleButRewritesCasesOfPacksFailsAsTooHeavy() {
    assertThat(run(tx(REGULATOR, "recordPrefix", "prefix", "9506000", "organisation", "pharma-co")).success()).isTrue();
    assertThat(run(tx("registerGtin", "gtin", GTIN)).success()).isTrue();
    assertThat(run(tx("commission", "gtin", GTIN, "lot", "L1", "expiry", "281231", "serials", "1..10000")).success()).isTrue();
    StringJoiner children = new StringJoiner(",");
    for (int i = 1; i <= 10_000; i++) {
      children.add("01/" + GTIN + "/21/" + i);
    }
    assertThat(run(tx("aggregate", "parent", CASE, "children", children.toString())).success()).isTrue();
    assertThat(run(tx("ship", "cases", CASE, "to", "dist-co", "eventId", "one-case")).success())
        .as("one full case fits one transaction").isTrue();
    assertThat(run(tx("declareError", "declaredEventId", "one-case", "reason", "wrong")).success()).isTrue();

    String events = DrugEvent.encodeList(List.of(
        new DrugEvent("ship", Args.of("cases", CASE, "to", "dist-co", "eventId", "e1")),
        new DrugEvent("declareError", Args.of("declaredEventId", "e1", "reason", "again")),
        new DrugEvent("ship", Args.of("cases", CASE, "to", "dist-co", "eventId", "e3"))));
    Transaction capture = tx("capture", "events", events);
    assertThat(executor.weight(capture)).as("its arguments' estimate").isLessThan(WorkLimits.MAX_TRANSACTION_WORK / 100);
    TxOutcome o = run(capture);
    assertThat(o.code()).isEqualTo("too_heavy");
    DrugVerifier.Verdict r = DrugVerifier.verify(state, DigitalLink.parse("/01/" + GTIN + "/21/7"), java.time.LocalDate.of(2027, 1, 1),
        Optional.of("pharma-co"));
    assertThat(r.outcome()).as("nothing of the capture stayed").isEqualTo("genuine");
    assertThat(state.get(org.medledger.core.runtime.StateKeys.of("drugs", "event/pharma-co/e1"))).isNull();
  }
}
