package org.medledger.apps.safety.node;

import java.util.List;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ChainEnvironment;

/**
 * Device safety (issue 17, items 6-9; docs/safety.md): the device registry, and beside it the
 * readings and adverse-event contracts, on a chain whose genesis lists {@code safety}; a genesis
 * that does not list it never loads it.
 */
public final class SafetyApplication implements Application {
  public static final String NAME = "safety";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int version() {
    return 1;
  }

  /** One contract per concern of the application, each its own namespace. */
  @Override
  public List<Contract> contracts(ChainEnvironment chain) {
    return List.of(
        new DeviceRegistryContract(chain.genesis().cryptoSuite(), chain.genesis().chainId()),
        org.medledger.apps.safety.node.events.AdverseEvents.contract(chain,
            new org.medledger.apps.safety.contract.events.DeviceRegistryUnits()));
  }

  @Override
  public void register(org.medledger.node.application.ApplicationContext context) {
    org.medledger.apps.safety.node.events.AdverseEvents.register(context);
  }

  @Override
  public List<Object> commands() {
    return org.medledger.apps.safety.node.events.AdverseEvents.commands();
  }
}
