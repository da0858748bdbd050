package org.medledger.apps.safety.contract.devices;

import java.time.LocalDate;
import java.util.Optional;
import org.medledger.apps.safety.contract.IssuingAgency;
import org.medledger.apps.safety.contract.Udi;

/** UDIs of the tests' two models, one per agency, rendered by the codec so check digits and characters are right. */
final class DeviceLabels {
  /** A GS1 DI (FDA's GS1 example's GTIN). */
  static final String PACEMAKER_DI = "51022222233336";
  /** An HIBC primary: labeler X999, product 123ABC, unit of measure 0 (FDA's HIBCC example). */
  static final String MONITOR_DI = "X999123ABC0";

  private DeviceLabels() {}

  static String pacemaker(String serial) {
    return new Udi(IssuingAgency.GS1, PACEMAKER_DI, Optional.of("A213B1"), Optional.of(LocalDate.of(2028, 7, 7)),
        Optional.of(serial), Optional.empty()).render();
  }

  static String monitor(String serial) {
    return new Udi(IssuingAgency.HIBCC, MONITOR_DI, Optional.of("1234AB"), Optional.of(LocalDate.of(2029, 5, 15)),
        Optional.of(serial), Optional.of(LocalDate.of(2025, 10, 1))).render();
  }
}
