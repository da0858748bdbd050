package org.medledger.apps.safety.contract.devices;

/**
 * A device model's risk class as its regulator assigns it: FDA classes I, II and III, EU MDR
 * classes I, IIa, IIb and III. Kept as written, checked against the union of the two.
 */
public final class DeviceClass {
  private static final java.util.List<String> CLASSES = java.util.List.of("I", "II", "IIa", "IIb", "III");

  private DeviceClass() {}

  /** The class as given when it is one of I, II, IIa, IIb, III; refused otherwise. */
  public static String checked(String text) {
    if (!CLASSES.contains(text)) {
      throw new IllegalArgumentException("unknown device class '" + text + "' (I, II, III as FDA classes; I, IIa, IIb, III as EU MDR"
          + " classes)");
    }
    return text;
  }
}
