package org.medledger.apps.trials.contract;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
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
 * The trials contract on the platform's real block executor and state: each call is a block of
 * its own at the next height, committed before the next; queries read the committed state.
 */
public final class TrialsLedger {
  public static final CryptoSuite SUITE = CryptoSuites.intl();
  static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {17}));
  /** 2026-03-01T00:00:00Z. */
  static final long MARCH_2026 = 1_772_323_200_000L;
  static final long DAY = 86_400_000L;

  public final TrialsContract contract = new TrialsContract(SUITE.hash());
  final TreeMap<Hash, Caller> callers = new TreeMap<>();
  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(contract), SUITE.hash(),
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
    return new Transaction.Payload("intl", "test", by.certificateId(), ++nonce, time, TrialsContract.NAME, method, Args.of(args))
        .sign(SUITE.signatures().signer(KEYS));
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
