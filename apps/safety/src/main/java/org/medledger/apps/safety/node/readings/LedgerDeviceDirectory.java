package org.medledger.apps.safety.node.readings;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.node.ledger.Ledger;

/**
 * The device registry as the node's committed ledger holds it ({@link DeviceUnits#find}). A unit
 * is read once per UDI spelling and committed height, not once per reading: a monitor sends
 * thousands of readings between two blocks, and parsing its UDI and decoding its unit each time
 * was work the answer did not need. Whatever a block changes (a unit registered, reassigned,
 * unassigned) counts from the first reading checked after that block's commit, as before.
 */
final class LedgerDeviceDirectory implements DeviceDirectory {
  /** Bounds the memory a flood of distinct (unregistered) UDIs can take between two blocks. */
  static final int MAX_UNITS_PER_HEIGHT = 100_000;
  private final Ledger ledger;
  private volatile AtHeight known = new AtHeight(-1);

  /** What was read at one committed height; the state is never older than the head (it is written first). */
  private static final class AtHeight {
    final long height;
    final ConcurrentHashMap<String, Optional<RegisteredDevice>> units = new ConcurrentHashMap<>();

    AtHeight(long height) {
      this.height = height;
    }
  }

  LedgerDeviceDirectory(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public Optional<RegisteredDevice> find(String udi) {
    long height = ledger.height();
    AtHeight at = known;
    if (at.height != height) {
      at = new AtHeight(height);
      known = at;
    }
    Optional<RegisteredDevice> cached = at.units.get(udi);
    if (cached != null) {
      return cached;
    }
    Optional<RegisteredDevice> read = read(udi);
    if (at.units.size() < MAX_UNITS_PER_HEIGHT) {
      at.units.put(udi, read);
    }
    return read;
  }

  private Optional<RegisteredDevice> read(String udi) {
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
