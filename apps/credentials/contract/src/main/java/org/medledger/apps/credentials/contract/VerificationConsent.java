package org.medledger.apps.credentials.contract;

import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * A clinician's consent that one organisation (a hospital hiring her) reads and reuses the
 * primary-source verification behind her credential instead of repeating it (issue 16 item 5).
 *
 * @param organisation the organisation she names
 * @param until first millisecond it no longer holds, by block time; 0 for no expiry
 * @param withdrawn whether she withdrew it (from {@code height} on)
 * @param height the block of her last word on it (grant or withdrawal)
 * @param time that block's time
 */
public record VerificationConsent(String organisation, long until, boolean withdrawn, long height, long time) {
  static final int VERSION = 1;

  /** Whether it lets its organisation read at {@code now} (a block's time, or a node's clock for a view). */
  public boolean inForceAt(long now) {
    return !withdrawn && (until == 0 || now < until);
  }

  public byte[] encode() {
    return new CanonicalWriter(64).u8(VERSION).string(organisation).u64(until).bool(withdrawn).u64(height).u64(time)
        .toByteArray();
  }

  public static VerificationConsent decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("verificationConsent.version");
    if (version != VERSION) {
      throw new DecodeException("verificationConsent: version " + version + ", expected " + VERSION);
    }
    VerificationConsent c = new VerificationConsent(r.string("verificationConsent.organisation", 256),
        r.u64("verificationConsent.until"), r.bool("verificationConsent.withdrawn"), r.u64("verificationConsent.height"),
        r.u64("verificationConsent.time"));
    r.expectEnd("verificationConsent");
    return c;
  }

  public SortedMap<String, String> toMap() {
    SortedMap<String, String> m = new TreeMap<>();
    m.put("organisation", organisation);
    m.put("until", Long.toString(until));
    m.put("withdrawn", Boolean.toString(withdrawn));
    m.put("height", Long.toString(height));
    m.put("time", Long.toString(time));
    return m;
  }
}
