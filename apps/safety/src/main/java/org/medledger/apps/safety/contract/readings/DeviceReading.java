package org.medledger.apps.safety.contract.readings;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * One measurement as a device states it (docs/safety.md, "Device readings"): which unit, its own
 * running sequence number, the time by its own clock, what was measured (a code in a code system,
 * LOINC by default) and the value as the decimal text the device wrote, with its UCUM unit. The
 * value stays text so that no floating point ever touches what is signed or anchored: the
 * signature covers these exact characters.
 *
 * <p>Its bytes ({@link #encode()}) are what the device signs: the magic {@code MLDR} and a version
 * byte, so they can never be read as any other signed message of the chain, then the fields in the
 * canonical encoding of docs/format.md.
 */
public record DeviceReading(String udi, long sequence, long statedAtMillis, String codeSystem, String code, String value,
    String unit) {
  public static final String LOINC = "http://loinc.org";
  static final byte[] MAGIC = "MLDR".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  public static final int MAX_UDI = 120;
  public static final int MAX_CODE_SYSTEM = 200;
  public static final int MAX_CODE = 64;
  public static final int MAX_VALUE = 40;
  public static final int MAX_UNIT = 32;
  /** An optional minus, an integer part without leading zeros, an optional fraction: no exponent, no '+'. */
  private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,18})?");

  public DeviceReading {
    requirePrintable("udi", udi, MAX_UDI, true);
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence " + sequence + " is negative");
    }
    if (statedAtMillis < 0) {
      throw new IllegalArgumentException("statedAtMillis " + statedAtMillis + " is before 1970");
    }
    requirePrintable("codeSystem", codeSystem, MAX_CODE_SYSTEM, false);
    requirePrintable("code", code, MAX_CODE, false);
    if (value == null || value.length() > MAX_VALUE || !DECIMAL.matcher(value).matches()) {
      throw new IllegalArgumentException("value '" + value + "' is not a decimal number as text (e.g. 72 or -1.25: up to 18 digits"
          + " before and after the point, no exponent, no '+', no leading zero)");
    }
    requirePrintable("unit", unit, MAX_UNIT, false);
  }

  /** Printable ASCII without spaces (a UDI may hold spaces, as HIBC labels never do but GS1 text may). */
  private static void requirePrintable(String field, String text, int max, boolean spaces) {
    if (text == null || text.isEmpty() || text.length() > max) {
      throw new IllegalArgumentException(field + " must be 1-" + max + " characters, got "
          + (text == null ? "none" : text.length()));
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < (spaces ? 0x20 : 0x21) || c > 0x7E) {
        throw new IllegalArgumentException(field + " holds character " + String.format("U+%04X", (int) c) + " at " + i
            + ": printable ASCII" + (spaces ? "" : " without spaces") + " only");
      }
    }
  }

  /** The signed bytes: MLDR, version 1, udi, sequence, statedAtMillis, codeSystem, code, value, unit. */
  public byte[] encode() {
    return new CanonicalWriter(96 + udi.length() + codeSystem.length()).fixed(MAGIC, MAGIC.length).u8(VERSION).string(udi)
        .u64(sequence).u64(statedAtMillis).string(codeSystem).string(code).string(value).string(unit).toByteArray();
  }

  /** Reads {@link #encode()}'s bytes and nothing else; a DecodeException names the field that is wrong. */
  public static DeviceReading decode(byte[] bytes) {
    if (bytes == null) {
      throw new DecodeException("device reading: no bytes");
    }
    CanonicalReader r = new CanonicalReader(bytes);
    if (!Arrays.equals(r.fixed(MAGIC.length, "device reading magic"), MAGIC)) {
      throw new DecodeException("device reading: does not start with MLDR");
    }
    int version = r.u8("device reading version");
    if (version != VERSION) {
      throw new DecodeException("device reading: version " + version + ", only " + VERSION + " is known");
    }
    String udi = r.string("udi", MAX_UDI);
    long sequence = r.u64("sequence");
    long statedAt = r.u64("statedAtMillis");
    String system = r.string("codeSystem", MAX_CODE_SYSTEM);
    String code = r.string("code", MAX_CODE);
    String value = r.string("value", MAX_VALUE);
    String unit = r.string("unit", MAX_UNIT);
    r.expectEnd("device reading");
    try {
      return new DeviceReading(udi, sequence, statedAt, system, code, value, unit);
    } catch (IllegalArgumentException e) {
      throw new DecodeException("device reading: " + e.getMessage());
    }
  }
}
