package org.medledger.core.runtime;

import java.util.SortedMap;
import org.medledger.core.tx.Args;

/**
 * A deterministic application: the same state, transaction and block time give the same writes
 * and events on every node.
 */
public interface Contract {
  /** The namespace of its state and the {@code contract} field of its transactions. */
  String name();

  /** Runs one transaction; throw ContractException to refuse it (its writes are discarded). */
  void execute(ContractContext context) throws ContractException;

  /**
   * Each method with the certificate roles that may call it; the runtime refuses anyone else
   * before {@link #execute} ({@link MethodRoles}). Every contract of this release declares its
   * table (docs/security.md, "Contract methods"); empty only for one that still checks itself.
   */
  default java.util.Map<String, java.util.Set<String>> methodRoles() {
    return java.util.Map.of();
  }

  /**
   * The shapes of the keys it writes in its namespace ({@link StateKeyForm}); the API proves a key
   * absent only if it has one of them, so a mistyped key is an error, not a verified absence.
   * Empty: undeclared, every key is taken as asked.
   */
  default java.util.List<StateKeyForm> stateKeyForms() {
    return java.util.List.of();
  }

  /** Answers a read-only question against committed state; never writes. */
  SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException;

  /**
   * Roughly how many state writes running {@code tx} takes, from the transaction alone (no state,
   * so every node computes the same number before running it). A transaction's bytes do not bound
   * its work — {@code serials=1..10000} is a few bytes and ten thousand writes — so proposers bound
   * a block by the sum of its transactions' weights. An estimate, never below 1.
   */
  default long weight(org.medledger.core.tx.Transaction tx) {
    return 1;
  }
}
