package org.medledger.node.application;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisApplication;
import org.medledger.core.membership.Membership;
import org.medledger.core.membership.MembershipContract;
import org.medledger.core.runtime.ContractRegistry;

/**
 * The applications a release ships (found on the class path through {@code
 * META-INF/services/org.medledger.node.application.Application}) and the choice of those a chain
 * runs (its genesis names them). The one place the node learns which applications exist: it names
 * none of them itself.
 */
public final class Applications {
  private final TreeMap<String, Application> byName = new TreeMap<>();

  private Applications(List<Application> shipped) {
    for (Application a : shipped) {
      new GenesisApplication(a.name(), a.version()); // the same rules as a genesis entry
      Application twice = byName.putIfAbsent(a.name(), a);
      if (twice != null) {
        throw new IllegalStateException("two applications on the class path are named '" + a.name() + "': "
            + twice.getClass().getName() + " and " + a.getClass().getName());
      }
    }
  }

  /** Those this release ships: every {@link Application} on the class path. */
  public static Applications onClassPath() {
    List<Application> found = new ArrayList<>();
    ServiceLoader.load(Application.class, Applications.class.getClassLoader()).forEach(found::add);
    return new Applications(found);
  }

  /** Exactly these (tests, and tools that assemble a release by hand). */
  public static Applications of(List<Application> shipped) {
    return new Applications(shipped);
  }

  /** Every shipped application, in name order. */
  public List<Application> all() {
    return List.copyOf(byName.values());
  }

  /** What a new genesis names when it runs every shipped application ({@code network init}). */
  public List<GenesisApplication> shipped() {
    return byName.values().stream().map(a -> new GenesisApplication(a.name(), a.version())).toList();
  }

  /**
   * The applications {@code genesis} names, in name order (the order they register in). Refuses,
   * naming each, one this release lacks or ships at another version than the genesis names.
   */
  public List<Application> forChain(Genesis genesis) {
    List<Application> chosen = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (GenesisApplication named : genesis.applicationsRun()) {
      Application a = byName.get(named.name());
      if (a == null) {
        problems.add("application '" + named.name() + "' (version " + named.version() + ") is not in this release"
            + (byName.isEmpty() ? " (it ships none)" : " (it ships " + String.join(", ", byName.keySet()) + ")"));
      } else if (a.version() != named.version()) {
        problems.add("application '" + named.name() + "' is at version " + a.version() + " in this release; the genesis"
            + " names version " + named.version());
      } else {
        chosen.add(a);
      }
    }
    if (!problems.isEmpty()) {
      throw new MissingApplicationException("chain " + genesis.chainId() + " runs what this release cannot: "
          + String.join("; ", problems) + ". Run a release that ships it (apps/all/pom.xml lists a release's applications)");
    }
    chosen.sort(Comparator.comparing(Application::name));
    return List.copyOf(chosen);
  }

  /**
   * The platform's own contracts, run by every chain: membership and evidence of equivocation; the
   * nodes' refusal-log anchors on a chain founded at a protocol version that has them; and
   * governance, on a chain whose genesis enables it.
   */
  public static ContractRegistry platformContracts(Membership membership) {
    ContractRegistry registry = new ContractRegistry().register(new MembershipContract(membership))
        .register(new EvidenceContract(membership));
    if (org.medledger.core.refusals.RefusalLogAnchorContract.runsOn(membership.genesis())) {
      registry.register(new org.medledger.core.refusals.RefusalLogAnchorContract());
    }
    if (membership.genesis().governance().isPresent()) {
      registry.register(new org.medledger.core.governance.GovernanceContract(membership));
    }
    return registry;
  }

  /**
   * The contracts a validator of this chain runs: the platform's and those of each application the
   * genesis names. The same on every node and in every offline tool (verify, replay, benchmarks).
   */
  public ContractRegistry contracts(Membership membership) {
    ContractRegistry registry = platformContracts(membership);
    ChainEnvironment chain = new ChainEnvironment(membership.genesis(), membership);
    for (Application a : forChain(membership.genesis())) {
      a.contracts(chain).forEach(registry::register);
    }
    return registry;
  }

  /**
   * The contracts the chain's applications declare for the mempool's validator reserve
   * ({@link Application#validatorReservedContracts}); refuses, naming it, a name that is not one of
   * the declaring application's own contracts: one application cannot open the reserve to another's.
   */
  public java.util.SortedSet<String> validatorReservedContracts(Membership membership) {
    java.util.SortedSet<String> reserved = new java.util.TreeSet<>();
    ChainEnvironment chain = new ChainEnvironment(membership.genesis(), membership);
    for (Application a : forChain(membership.genesis())) {
      java.util.Set<String> own = new java.util.TreeSet<>();
      a.contracts(chain).forEach(c -> own.add(c.name()));
      for (String name : new java.util.TreeSet<>(a.validatorReservedContracts())) {
        if (!own.contains(name)) {
          throw new IllegalStateException("application '" + a.name() + "' declares contract '" + name + "' for the mempool's"
              + " validator reserve, but runs no contract of that name (its contracts: " + own + ")");
        }
        reserved.add(name);
      }
    }
    return reserved;
  }

  /** {@link #contracts(Membership)} with the applications on the class path. */
  public static ContractRegistry contractsOf(Genesis genesis) {
    return onClassPath().contracts(new Membership(genesis));
  }
}
