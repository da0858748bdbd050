package org.medledger.apps.safety.contract.events;

import java.util.Optional;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * The device registry's units ({@code devices}, {@link DeviceUnits}) for a report: found by
 * device identifier and serial, so any spelling of one unit's label names it; the suspect keeps the
 * registry's own spelling and counts against the model, its device identifier.
 */
public final class DeviceRegistryUnits implements RegisteredUnits {
  @Override
  public Optional<Suspect.DeviceUnit> unit(ContractContext ctx, String udi) throws ContractException {
    try {
      return DeviceUnits.find(DeviceUnits.of(ctx), udi).map(u -> new Suspect.DeviceUnit(u.udi(), u.deviceIdentifier()));
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_udi", "udi: " + e.getMessage());
    }
  }
}
