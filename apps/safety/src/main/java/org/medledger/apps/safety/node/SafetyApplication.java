package org.medledger.apps.safety.node;

import java.util.List;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.apps.safety.contract.readings.DeviceReadingsContract;
import org.medledger.apps.safety.node.readings.DeviceReadings;
import org.medledger.apps.safety.node.readings.ReadingCommand;
import org.medledger.apps.safety.node.readings.ReadingsBenchmark;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ReceiptKind;
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
        new DeviceReadingsContract());
  }

  /** The node's gateway for device readings (docs/safety.md, "Device readings"), once registered. */
  private DeviceReadings readings;

  @Override
  public void register(ApplicationContext context) {
    readings = DeviceReadings.register(context);
  }

  @Override
  public void stop() {
    if (readings != null) {
      readings.close();
    }
  }

  @Override
  public List<ReceiptKind> receiptKinds() {
    return List.of(DeviceReadings.receiptKind());
  }

  @Override
  public List<Object> commands() {
    return List.of(new ReadingCommand.Device(), new ReadingsBenchmark());
  }
}
