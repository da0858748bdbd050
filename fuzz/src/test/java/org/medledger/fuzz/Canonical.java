package org.medledger.fuzz;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The property every canonical codec owes a fuzz target: what it accepts, it writes back byte for
 * byte. Two encodings of one value would give one transaction, block or vote two hashes.
 */
public final class Canonical {
  private Canonical() {}

  /** Fails (an {@link AssertionError}, which Jazzer reports as a finding) when the bytes differ. */
  public static void assertReencodes(String what, byte[] input, byte[] reencoded) {
    if (!Arrays.equals(input, reencoded)) {
      throw new AssertionError(what + " accepted " + input.length + " bytes but writes them back as "
          + reencoded.length + " different bytes\n  in:  " + hex(input) + "\n  out: " + hex(reencoded));
    }
  }

  /** For formats that are deliberately not canonical (JSON): decode(encode(decode(x))) == decode(x). */
  public static void assertStable(String what, Object decoded, Object decodedAgain) {
    if (!decoded.equals(decodedAgain)) {
      throw new AssertionError(what + " does not read back what it wrote:\n  first:  " + decoded + "\n  second: " + decodedAgain);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b, 0, Math.min(b.length, 256)) + (b.length > 256 ? "…" : "");
  }
}
