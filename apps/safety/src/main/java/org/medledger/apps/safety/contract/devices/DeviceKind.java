package org.medledger.apps.safety.contract.devices;

import java.util.Locale;

/**
 * What a device model is to the patient who gets one: the kinds the ledger tells apart because
 * their units are assigned to a patient (an implant, a monitor she takes home, one she wears), and
 * everything else.
 */
public enum DeviceKind {
  IMPLANT, HOME_MONITOR, WEARABLE, OTHER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static DeviceKind parse(String text) {
    for (DeviceKind k : values()) {
      if (k.wireName().equals(text)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown device kind '" + text + "' (implant, home-monitor, wearable or other)");
  }
}
