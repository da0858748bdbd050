package org.medledger.apps.safety.contract.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.safety.contract.Udi;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * Read-only finders over the device registry, for the node (committed state) and for another
 * contract in a transaction (the readings contract checks a reading's signature with the unit's
 * own key). A unit is found by its device identifier and serial alone: two labels of one unit
 * that spell the rest differently name the same unit.
 */
public final class DeviceUnits {
  /**
   * Two-digit years on a label only place its dates; finding a unit reads its DI and serial, so
   * any reference year will do. A fixed one keeps the lookup free of the clock.
   */
  private static final int LOOKUP_REFERENCE_YEAR = 2000;

  /** Local keys of the registry's namespace to their values, as they stand where the caller reads. */
  @FunctionalInterface
  public interface Registry {
    byte[] get(String localKey);
  }

  private DeviceUnits() {}

  /** The registry as committed: e.g. the node's ledger state. */
  public static Registry of(StateReader state) {
    return key -> state.get(StateKeys.of(DeviceRegistryContract.NAME, key));
  }

  /** The registry as a transaction of any contract sees it, this block's earlier writes included. */
  public static Registry of(ContractContext ctx) {
    return key -> ctx.read(DeviceRegistryContract.NAME, key);
  }

  /**
   * The unit a UDI names, with its current assignment; empty when no unit with its DI and serial
   * is registered. A UDI the codec cannot read, or one without a serial (it names a lot, not a
   * unit), is an {@link IllegalArgumentException} naming what is wrong.
   */
  public static Optional<DeviceUnit> find(StateReader state, String udi) {
    return find(of(state), udi);
  }

  public static Optional<DeviceUnit> find(Registry registry, String udi) {
    Udi parsed = Udi.parse(udi, LOOKUP_REFERENCE_YEAR);
    String serial = parsed.serial().orElseThrow(() -> new IllegalArgumentException("UDI '" + udi + "' carries no serial number:"
        + " it names a lot of device " + parsed.deviceIdentifier() + ", not one unit"));
    return find(registry, parsed.deviceIdentifier(), serial);
  }

  public static Optional<DeviceUnit> find(Registry registry, String deviceIdentifier, String serial) {
    return Optional.ofNullable(registry.get(DeviceKeys.unit(deviceIdentifier, serial))).map(DeviceUnit::decode);
  }

  /** The model a device identifier names; empty when no maker registered it. */
  public static Optional<DeviceModel> model(Registry registry, String deviceIdentifier) {
    return Optional.ofNullable(registry.get(DeviceKeys.model(deviceIdentifier))).map(DeviceModel::decode);
  }

  /** Every assignment the unit has had, the first first; the last is in force unless it ended. */
  public static List<UnitAssignment> assignments(Registry registry, DeviceUnit unit) {
    List<UnitAssignment> out = new ArrayList<>();
    for (int n = 1; n <= unit.assignments(); n++) {
      byte[] raw = registry.get(DeviceKeys.assignment(unit.deviceIdentifier(), unit.serial(), n));
      if (raw != null) {
        out.add(UnitAssignment.decode(raw));
      }
    }
    return out;
  }
}
