package org.medledger.apps.safety.node.readings;

import org.medledger.apps.safety.contract.Udi;

/**
 * The unit a reading's UDI names, as the device registry finds units: its device identifier and
 * serial. Two spellings of one unit's label (GS1 with or without its dates, HIBC's date formats)
 * are one unit, so a reading cannot be replayed under another spelling of the same device.
 */
final class ReadingUnits {
  /** As the registry's finder: two-digit years only place dates, which the unit key does not hold. */
  private static final int REFERENCE_YEAR = 2000;

  private ReadingUnits() {}

  /** {@code DI/serial}; a ReadingRefused {@code malformed_udi} naming what is wrong with a UDI the codec cannot read or without a serial. */
  static String unitOf(String udi) {
    String known = UNITS.get(udi);
    if (known != null) {
      return known;
    }
    String unit = parse(udi);
    if (UNITS.size() >= MAX_REMEMBERED) {
      UNITS.clear(); // a flood of distinct spellings must not hold memory; the monitors in use come back at once
    }
    UNITS.put(udi, unit);
    return unit;
  }

  /**
   * UDI spellings already read, and their unit: a gateway reads each reading's UDI when it takes it,
   * when it writes its batch and when it indexes the batch, thousands of times a second for the same
   * few monitors, and the answer depends on the text alone. Refused spellings are not remembered.
   */
  private static final java.util.concurrent.ConcurrentHashMap<String, String> UNITS = new java.util.concurrent.ConcurrentHashMap<>();
  static final int MAX_REMEMBERED = 100_000;

  private static String parse(String udi) {
    Udi parsed;
    try {
      parsed = Udi.parse(udi, REFERENCE_YEAR);
    } catch (IllegalArgumentException e) {
      throw new ReadingRefused("malformed_udi", "the reading's UDI '" + udi + "' is not a GS1 or HIBCC UDI: " + e.getMessage());
    }
    String serial = parsed.serial().orElseThrow(() -> new ReadingRefused("malformed_udi", "the reading's UDI '" + udi
        + "' carries no serial number: it names a lot of device " + parsed.deviceIdentifier() + ", not the unit that measured"));
    return parsed.deviceIdentifier() + "/" + serial;
  }
}
