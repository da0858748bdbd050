package org.medledger.apps.safety.contract.events;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/** A regulator's threshold: this many reports against one subject raise a signal. Set again, it is replaced. */
public record Threshold(long reports, String setBy, long height) {
  public byte[] encode() {
    return new CanonicalWriter(64).u8(1).u64(reports).string(setBy).u64(height).toByteArray();
  }

  public static Threshold decode(byte[] bytes) {
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("threshold.version");
    if (version != 1) {
      throw new DecodeException("threshold.version: " + version + " is not 1");
    }
    Threshold t = new Threshold(r.u64("threshold.reports"), r.string("threshold.by", 256), r.u64("threshold.height"));
    r.expectEnd("threshold");
    return t;
  }
}
