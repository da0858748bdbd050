package org.medledger.apps.safety.node.readings;

import java.util.Optional;

/**
 * The device units as the ledger holds them now: the gateway asks it for each reading's unit, so a
 * unit registered, re-keyed or unassigned on the ledger is seen by the next reading.
 */
@FunctionalInterface
public interface DeviceDirectory {
  Optional<RegisteredDevice> find(String udi);
}
