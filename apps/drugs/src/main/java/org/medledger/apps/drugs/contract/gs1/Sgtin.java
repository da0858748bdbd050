package org.medledger.apps.drugs.contract.gs1;

import java.util.Objects;

/**
 * One pack: a GTIN and a serial number (AI 21, 1-20 characters of GS1's character set 82), unique
 * network-wide as the pair. China's 20-digit drug traceability code is carried as a serial too
 * (see {@link ChinaDrugCode}).
 */
public record Sgtin(Gtin gtin, String serial) {
  public Sgtin {
    Objects.requireNonNull(gtin, "gtin");
    Gs1.requireCset82(serial, 20, "serial (AI 21)");
  }

  /** The GS1 element string in human-readable form: {@code (01)gtin(21)serial}. */
  @Override
  public String toString() {
    return "(01)" + gtin + "(21)" + serial;
  }
}
