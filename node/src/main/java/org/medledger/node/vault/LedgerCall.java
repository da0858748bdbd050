package org.medledger.node.vault;

import java.util.List;
import java.util.Objects;

/** A contract call the vault has its node sign and commit: the application that owns the contract names it. */
public record LedgerCall(String contract, String method, List<String> args) {
  public LedgerCall {
    Objects.requireNonNull(contract, "contract");
    Objects.requireNonNull(method, "method");
    args = List.copyOf(args);
    if (args.size() % 2 != 0) {
      throw new IllegalArgumentException("a ledger call's arguments are name, value pairs; got " + args.size() + " strings");
    }
  }
}
