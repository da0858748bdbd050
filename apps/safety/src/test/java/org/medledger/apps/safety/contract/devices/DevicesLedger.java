package org.medledger.apps.safety.contract.devices;

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
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

/**
 * The device registry (and whatever other contracts a test adds) on the platform's real block
 * executor and state: each call is a block of its own, committed before the next; queries read the
 * committed state. Senders are resolved from the callers the test declares, as the runtime would
 * after checking their certificates against the genesis.
 */
public final class DevicesLedger {
  public static final CryptoSuite SUITE = CryptoSuites.intl();
  public static final String CHAIN = "test";
  static final KeyPair TX_KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {37}));
  /** 2026-03-01T00:00:00Z. */
  static final long MARCH_2026 = 1_772_323_200_000L;

  public final DeviceRegistryContract devices = new DeviceRegistryContract(SUITE, CHAIN);
  final TreeMap<Hash, Caller> callers = new TreeMap<>();
  final BlockExecutor executor;
  public final InMemoryState state = new InMemoryState();
  long height;
  public long time = MARCH_2026;
  long nonce;

  public DevicesLedger(Contract... others) {
    ContractRegistry registry = new ContractRegistry().register(devices);
    for (Contract c : others) {
      registry.register(c);
    }
    executor = new BlockExecutor(registry, SUITE.hash(),
        (tx, s) -> Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
        ChainParameters.DEFAULTS);
  }

  public Caller member(String name, String organisation, String role) {
    Caller c = new Caller(Hash.of(SUITE.hash().hash(name.getBytes())), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  /** One block holding one transaction to {@code contract}. */
  public TxOutcome run(Caller by, String contract, String method, String... args) {
    Transaction tx = new Transaction.Payload("intl", CHAIN, by.certificateId(), ++nonce, time, contract, method, Args.of(args))
        .sign(SUITE.signatures().signer(TX_KEYS));
    height++;
    time += 60_000;
    ExecutionResult r = executor.execute(state, height, time, List.of(tx));
    state.apply(r.writes());
    return new ArrayList<>(r.outcomes()).get(0);
  }

  /** One block holding one transaction to the device registry. */
  public TxOutcome devices(Caller by, String method, String... args) {
    return run(by, DeviceRegistryContract.NAME, method, args);
  }

  /** How many keys the device registry holds: a refused transaction leaves it unchanged. */
  public int deviceKeys() {
    int[] n = {0};
    state.scan(StateKeys.of(DeviceRegistryContract.NAME, ""), (k, v) -> {
      n[0]++;
      return true;
    });
    return n[0];
  }

  public SortedMap<String, String> query(String method, String... args) throws ContractException {
    return devices.query(state, method, Args.of(args));
  }
}
