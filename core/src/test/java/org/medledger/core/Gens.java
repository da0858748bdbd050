package org.medledger.core;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.medledger.crypto.Hash;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators the property tests share. Values print readably (byte strings in hex), so a
 * falsified property names what it was given; QuickTheories prints the shrunk value and the seed
 * (replay with {@code -DQT_SEED=<seed>}).
 */
public final class Gens {
  private Gens() {}

  /** Byte strings of {@code min} to {@code max} bytes, any byte value, shrinking towards short and zero. */
  public static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(b -> "0x" + HexFormat.of().formatHex(b));
  }

  public static Gen<Hash> hashes() {
    return bytes(32, 32).map(Hash::of);
  }

  /** Strings of {@code min} to {@code max} characters, each one of {@code alphabet}. */
  public static Gen<String> stringsOf(String alphabet, int min, int max) {
    List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).collect(Collectors.toList());
    return lists().of(arbitrary().pick(chars)).ofSizeBetween(min, max)
        .map(l -> l.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /**
   * Any text of at most {@code max} characters of the Basic Multilingual Plane (U+0000 to U+FFFD),
   * never a lone surrogate: text is what a person could type, and a lone surrogate has no UTF-8.
   */
  public static Gen<String> text(int max) {
    Gen<Character> chars = integers().between(0, 0xFFFD - 0x800).map(c -> (char) (c < 0xD800 ? c : c + 0x800));
    return lists().of(chars).ofSizeBetween(0, max).map(l -> l.stream().map(String::valueOf).collect(Collectors.joining()));
  }

  /** Strings of exactly {@code length} decimal digits. */
  public static Gen<String> digits(int length) {
    return stringsOf("0123456789", length, length);
  }

  /** Lists of {@code min} to {@code max} distinct values of {@code values}, in the order first drawn. */
  public static <T> Gen<List<T>> distinctLists(Gen<T> values, int min, int max) {
    return in -> {
      int size = integers().between(min, max).generate(in);
      List<T> out = new ArrayList<>();
      for (int tries = 0; out.size() < size && tries < 10 * size; tries++) {
        T v = values.generate(in);
        if (!out.contains(v)) {
          out.add(v);
        }
      }
      return out;
    };
  }
}
