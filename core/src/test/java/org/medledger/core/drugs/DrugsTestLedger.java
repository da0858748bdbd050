package org.medledger.core.drugs;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * An in-memory ledger running the real drugs contract through the real executor, for
 * tests whose callers are members of several organisations (makers of two companies, a
 * regulator, a distributor).
 */
final class DrugsTestLedger {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {22}));
  static final long T0 = 1_800_000_000_000L;
  static final LocalDate TODAY = LocalDate.of(2027, 1, 15);
  static final Set<String> ORGANISATIONS = Set.of("pharma-co", "generic-co", "dist-co", "nmpa", "insurer-co");

  private final Map<Hash, Caller> callers = new TreeMap<>();
  private final BlockExecutor executor;
  final InMemoryState state = new InMemoryState();
  private long height;
  private long nonce;

  DrugsTestLedger() {
    executor = new BlockExecutor(new ContractRegistry().register(new DrugsContract(ORGANISATIONS)),
        SUITE.hash(), (tx, s) -> Optional.ofNullable(callers.get(tx.sender()))
            .orElseThrow(() -> new ContractException("unknown_sender", "?")), ChainParameters.DEFAULTS);
  }

  Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  Transaction tx(Caller by, String contract, String method, String... args) {
    return new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, T0, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(KEYS));
  }

  /** Commits one block of these transactions, in this order; their outcomes. */
  List<TxOutcome> block(Transaction... txs) {
    ExecutionResult r = executor.execute(state, ++height, T0 + height * 1_000, List.of(txs));
    state.apply(r.writes());
    return r.outcomes();
  }

  TxOutcome drugs(Caller by, String method, String... args) {
    return block(tx(by, "drugs", method, args)).get(0);
  }

  static void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  String verify(Gtin gtin, String serial) {
    return DrugVerifier.verify(state, new DigitalLink(new Sgtin(gtin, serial), Optional.empty(), Optional.empty()), TODAY,
        Optional.empty()).outcome();
  }
}
