package org.medledger.apps.drugs.contract.gs1;

/**
 * China's 20-digit drug traceability code (药品追溯码, NMPA): a 7-digit product identification
 * code, a 9-digit serial and a 4-digit check code. Its check code is computed by the issuing
 * platform and not published, so only the form is checked here; on the ledger the code is the
 * pack's serial under the GTIN its maker registered (an alternative serial format).
 */
public record ChinaDrugCode(String value) {
  public ChinaDrugCode {
    if (value == null || !value.matches("[0-9]{20}")) {
      throw new IllegalArgumentException("a Chinese drug traceability code is 20 digits, got '" + value + "'");
    }
  }

  public String productCode() {
    return value.substring(0, 7);
  }

  public String serialPart() {
    return value.substring(7, 16);
  }
}
