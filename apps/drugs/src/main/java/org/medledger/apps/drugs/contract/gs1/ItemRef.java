package org.medledger.apps.drugs.contract.gs1;

/**
 * One thing in a case, named by its GS1 key in Digital Link path form: a pack {@code
 * 01/{gtin}/21/{serial}} or a case or pallet {@code 00/{sscc}}. Also read from EPCIS's
 * {@code urn:epc:id:sgtin:} / {@code urn:epc:id:sscc:} forms by the EPCIS codec, which turns them
 * into this one before they reach the ledger.
 */
public record ItemRef(Gtin gtin, String serial, String sscc) {
  public boolean isCase() {
    return sscc != null;
  }

  public static ItemRef pack(Gtin gtin, String serial) {
    new Sgtin(gtin, serial);
    return new ItemRef(gtin, serial, null);
  }

  public static ItemRef ofCase(Sscc sscc) {
    return new ItemRef(null, null, sscc.value());
  }

  /** Parses {@code 01/{gtin}/21/{serial}} or {@code 00/{sscc}}, naming what is wrong. */
  public static ItemRef parse(String s) {
    if (s.startsWith("00/")) {
      return ofCase(new Sscc(s.substring(3)));
    }
    if (s.startsWith("01/") && s.length() > 21 && s.startsWith("/21/", 17)) {
      return pack(Gtin.parse(s.substring(3, 17)), s.substring(21));
    }
    throw new IllegalArgumentException("'" + s + "' is neither 01/{gtin}/21/{serial} nor 00/{sscc}");
  }

  public String canonical() {
    return isCase() ? "00/" + sscc : "01/" + gtin + "/21/" + serial;
  }

  @Override
  public String toString() {
    return canonical();
  }
}
