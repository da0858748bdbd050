package org.medledger.node;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.reflect.RecordComponent;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators the property tests share. Values print whole (byte strings in hex, also inside
 * records), so a falsified property names what it was given; QuickTheories prints the shrunk value
 * and the seed (replay with {@code -DQT_SEED=<seed>}).
 */
public final class Gens {
  private Gens() {}

  /** Byte strings of {@code min} to {@code max} bytes, any byte value, shrinking towards short and zero. */
  public static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(Gens::describe);
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

  /** A value as a person reads it: byte strings in hex, records field by field, lists item by item. */
  public static String describe(Object value) {
    if (value instanceof byte[] b) {
      return "0x" + HexFormat.of().formatHex(b);
    }
    if (value instanceof List<?> l) {
      return l.stream().map(Gens::describe).collect(Collectors.joining(", ", "[", "]"));
    }
    if (value instanceof Record r) {
      return Stream.of(r.getClass().getRecordComponents()).map(c -> c.getName() + "=" + describe(component(r, c)))
          .collect(Collectors.joining(", ", r.getClass().getSimpleName() + "[", "]"));
    }
    return String.valueOf(value);
  }

  private static Object component(Record r, RecordComponent c) {
    try {
      c.getAccessor().setAccessible(true);
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      return "<" + e + ">";
    }
  }
}
