package org.medledger.core.runtime;

import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;

/**
 * A contract whose methods are declared once in a {@link MethodTable}: routing, unknown methods,
 * roles and weights come from the table, so a contract holds only its rules.
 */
public abstract class DeclaredContract implements Contract {
  /** The contract's table; built once, when the contract is. */
  protected abstract MethodTable methods();

  /** The declared table, for review and documentation. */
  public final MethodTable table() {
    return methods();
  }

  @Override
  public final void execute(ContractContext context) throws ContractException {
    methods().execute(context);
  }

  @Override
  public final Map<String, Set<String>> methodRoles() {
    return methods().roles();
  }

  @Override
  public final SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
    return methods().query(state, method, args);
  }

  @Override
  public final long weight(Transaction tx) {
    return methods().weight(tx);
  }
}
