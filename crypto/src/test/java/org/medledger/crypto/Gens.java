package org.medledger.crypto;

import static org.quicktheories.generators.SourceDSL.integers;

import java.util.HexFormat;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators the property tests share. Byte strings print as hex, so a falsified property names
 * the bytes it was given (QuickTheories prints the shrunk value and the seed; replay with
 * {@code -DQT_SEED=<seed>}).
 */
public final class Gens {
  private Gens() {}

  /** Byte strings of {@code min} to {@code max} bytes, any byte value, shrinking towards short and zero. */
  public static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(Gens::hex);
  }

  /** Byte strings of exactly {@code size} bytes. */
  public static Gen<byte[]> bytes(int size) {
    return bytes(size, size);
  }

  public static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }
}
