package org.medledger.apps.safety.node.readings;

import java.util.Optional;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.node.ledger.Ledger;

/**
 * The device registry as the node's committed ledger holds it ({@link DeviceUnits#find}): read for
 * every reading, so a unit registered or reassigned in the last block counts from the next reading.
 */
final class LedgerDeviceDirectory implements DeviceDirectory {
  private final Ledger ledger;

  LedgerDeviceDirectory(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Optional<RegisteredDevice> find(String udi) {
    Optional<DeviceUnit> unit;
    try {
      unit = DeviceUnits.find(ledger.state(), udi);
    } catch (IllegalArgumentException e) {
      throw new ReadingRefused("malformed_udi", "the reading's UDI '" + udi + "': " + e.getMessage());
    }
    return unit.map(u -> new RegisteredDevice(u.udi(), u.publicKey().length == 0 ? Optional.empty() : Optional.of(u.publicKey()),
        u.current().filter(a -> a.inForce()).map(a -> a.patient().hex())));
  }
}
