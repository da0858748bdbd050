package org.medledger.apps.safety.node;

import java.util.List;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.apps.safety.contract.events.DeviceRegistryUnits;
import org.medledger.apps.safety.contract.readings.DeviceReadingsContract;
import org.medledger.apps.safety.node.events.AdverseEvents;
import org.medledger.apps.safety.node.fhir.DeviceIds;
import org.medledger.apps.safety.node.fhir.DeviceResources;
import org.medledger.apps.safety.node.readings.DeviceReadings;
import org.medledger.apps.safety.node.readings.ReadingsBenchmark;
import org.medledger.node.application.ReceiptKind;
import org.medledger.core.runtime.Contract;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ApplicationServices;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.application.PatientMetadataVisibility;

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
        AdverseEvents.contract(chain, new DeviceRegistryUnits()),
        new DeviceReadingsContract());
  }

  /** The node's gateway for device readings (docs/safety.md, "Device readings"), once registered. */
  private DeviceReadings readings;

  @Override
  public void register(ApplicationContext context) {
    ApplicationServices services = context.services();
    // Records' rule on who may see a patient, asked per request: without records no one but a regulator sees a patient here.
    DeviceRegistryView.PatientVisibility patients = (state, who, patient) -> services.find(PatientMetadataVisibility.class)
        .map(rule -> rule.maySee(state, who, patient)).orElse(false);
    var ledger = context.ledger();
    new DeviceRoutes(ledger, new DeviceRegistryView(patients)).register(context.routes());
    context.fhir().add("Device", new DeviceResources(ledger::state, new DeviceIds(ledger.hashFunction()), patients::maySee));
    context.routes().openApi("openapi/safety.json");
    services.provide(MetadataRule.class, new DeviceMetadataVisibility(patients));
    AdverseEvents.register(context);
    readings = DeviceReadings.register(context);
    org.medledger.apps.safety.node.portal.SafetyPortal.register(context);
  }

  @Override
  public void stop() {
    if (readings != null) {
      readings.close();
    }
  }

  /** Its part of {@code medledger demo}: a home monitor's readings anchored and one proven; a signal raised and its lot recalled. */
  @Override
  public List<org.medledger.node.application.DemoChapter> demoChapters() {
    return List.of(new org.medledger.apps.safety.node.demo.SafetyDemoChapter());
  }

  @Override
  public List<ReceiptKind> receiptKinds() {
    return List.of(DeviceReadings.receiptKind());
  }

  @Override
  public List<Object> commands() {
    List<Object> commands = new java.util.ArrayList<>();
    commands.add(new DeviceCommand());
    commands.addAll(AdverseEvents.commands());
    commands.add(new ReadingsBenchmark());
    return List.copyOf(commands);
  }
}
