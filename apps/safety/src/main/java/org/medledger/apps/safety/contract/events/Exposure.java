package org.medledger.apps.safety.contract.events;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * One dispensed pack tied to the patient who received it: drugs' dispense event says which
 * pharmacy dispensed the pack, never to whom; the pharmacy that dispensed it records that here,
 * so a recalled lot reaches its patients.
 */
public record Exposure(String gtin, String lot, String serial, String patient, String pharmacy, long height, long time) {
  public byte[] encode() {
    return new CanonicalWriter(192).u8(1).string(gtin).string(lot).string(serial).string(patient).string(pharmacy).u64(height)
        .u64(time).toByteArray();
  }

  public static Exposure decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("exposure.version");
    if (version != 1) {
      throw new DecodeException("exposure.version: " + version + " is not 1");
    }
    Exposure e = new Exposure(r.string("exposure.gtin", 14), r.string("exposure.lot", 20), r.string("exposure.serial", 20),
        r.string("exposure.patient", 64), r.string("exposure.pharmacy", 256), r.u64("exposure.height"), r.u64("exposure.time"));
    r.expectEnd("exposure");
    return e;
  }
}
