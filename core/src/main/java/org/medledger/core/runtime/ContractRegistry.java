package org.medledger.core.runtime;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.TreeMap;

/** The contracts a network runs, by name. Every validator must register the same set. */
public final class ContractRegistry {
  private final TreeMap<String, Contract> contracts = new TreeMap<>();

  public ContractRegistry register(Contract c) {
    if (c.name().equals(SystemKeys.NAMESPACE)) {
      throw new IllegalArgumentException("'" + SystemKeys.NAMESPACE + "' is reserved for the ledger");
    }
    if (contracts.putIfAbsent(c.name(), c) != null) {
      throw new IllegalArgumentException("contract '" + c.name() + "' registered twice");
    }
    return this;
  }

  public Optional<Contract> find(String name) {
    return Optional.ofNullable(contracts.get(name));
  }

  public Collection<Contract> all() {
    return Collections.unmodifiableCollection(contracts.values());
  }
}
