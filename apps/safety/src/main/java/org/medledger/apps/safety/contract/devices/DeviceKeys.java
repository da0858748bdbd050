package org.medledger.apps.safety.contract.devices;

import org.medledger.crypto.Hash;

/**
 * The device registry's state keys (docs/safety.md, "State keys"). A device identifier never holds
 * a '/' (14 digits, or an HIBC primary of A-Z0-9), so everything after the DI's slash in a unit key
 * is its serial, whatever characters a GS1 serial holds.
 */
public final class DeviceKeys {
  private DeviceKeys() {}

  public static String model(String deviceIdentifier) {
    return "model/" + deviceIdentifier;
  }

  public static String unit(String deviceIdentifier, String serial) {
    return "unit/" + deviceIdentifier + "/" + serial;
  }

  /** The prefix of every unit of a model. */
  public static String unitsOf(String deviceIdentifier) {
    return "unit/" + deviceIdentifier + "/";
  }

  /** The n-th assignment of a unit, kept for good once it ends. */
  public static String assignment(String deviceIdentifier, String serial, int number) {
    return "assignment/" + deviceIdentifier + "/" + number + "/" + serial;
  }

  /** The index of a patient's units, present while the assignment is in force. */
  public static String patientUnit(Hash patient, String deviceIdentifier, String serial) {
    return "patient/" + patient.hex() + "/" + deviceIdentifier + "/" + serial;
  }

  public static String patientUnits(Hash patient) {
    return "patient/" + patient.hex() + "/";
  }
}
