package org.medledger.apps.safety.node.events;

import java.util.List;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.apps.safety.contract.events.RegisteredUnits;
import org.medledger.core.runtime.Contract;
import org.medledger.crypto.HashFunction;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.MetadataRule;

/**
 * The adverse-events part of the safety application, wired by {@code SafetyApplication}: its
 * contract, its routes, FHIR {@code AdverseEvent}, the rule hiding its metadata, its commands.
 */
public final class AdverseEvents {
  private AdverseEvents() {}

  public static Contract contract(ChainEnvironment chain, RegisteredUnits units) {
    return new AdverseEventsContract(chain.genesis().cryptoSuite().hash(), units);
  }

  public static void register(ApplicationContext context) {
    DeviceLinks devices = new RegistryDeviceLinks();
    HashFunction hash = context.ledger().genesis().cryptoSuite().hash();
    EventViewer viewer = new EventViewer(context.membership(), hash, context.clock());
    new AdverseEventRoutes(context.ledger(), viewer, devices).register(context.routes());
    context.fhir().add("AdverseEvent", new AdverseEventResources(context.ledger(), viewer));
    context.services().provide(MetadataRule.class, new AdverseEventMetadataVisibility(viewer, hash));
    context.routes().openApi("openapi/adverse-events.json");
  }

  public static List<Object> commands() {
    return List.of(new AdverseEventCommand(), new SignalCommand());
  }
}
