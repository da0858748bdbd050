package org.medledger.core.tx;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

/**
 * A contract call's named arguments. Keys are short ASCII names, so String order equals byte order
 * and the encoding (count, then key/value pairs in strictly ascending key order) is canonical.
 */
public final class Args {
  public static final int MAX_KEY_BYTES = 64;
  public static final int MAX_ENTRIES = 256;
  public static final Args EMPTY = new Args(new TreeMap<>());

  private final SortedMap<String, String> values;

  private Args(SortedMap<String, String> values) {
    this.values = Collections.unmodifiableSortedMap(values);
  }

  public static Args of(Map<String, String> values) {
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      checkKey(e.getKey());
      if (e.getValue() == null) {
        throw new IllegalArgumentException("argument '" + e.getKey() + "' has no value");
      }
      copy.put(e.getKey(), e.getValue());
    }
    if (copy.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("too many arguments: " + copy.size() + " > " + MAX_ENTRIES);
    }
    return new Args(copy);
  }

  public static Args of(String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("arguments come in key/value pairs");
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      if (m.put(keyValues[i], keyValues[i + 1]) != null) {
        throw new IllegalArgumentException("argument '" + keyValues[i] + "' given twice");
      }
    }
    return of(m);
  }

  private static void checkKey(String key) {
    if (key == null || !isKey(key)) {
      throw new IllegalArgumentException(
          "argument name '" + key + "' must be 1-64 characters of A-Z a-z 0-9 _ . -");
    }
  }

  public SortedMap<String, String> asMap() {
    return values;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public int size() {
    return values.size();
  }

  public void writeTo(CanonicalWriter w) {
    w.u32(values.size());
    for (Map.Entry<String, String> e : values.entrySet()) {
      w.string(e.getKey());
      w.string(e.getValue());
    }
  }

  public static Args readFrom(CanonicalReader r, int maxValueBytes) {
    int n = r.count("args.count", MAX_ENTRIES);
    TreeMap<String, String> m = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < n; i++) {
      String key = r.string("args.key", MAX_KEY_BYTES);
      if (!isKey(key)) {
        throw new DecodeException("args.key: '" + key + "' is not a valid argument name");
      }
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new DecodeException("args.key: '" + key + "' is not in strictly ascending order");
      }
      m.put(key, r.string("args.value", maxValueBytes));
      previous = key;
    }
    return new Args(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Args a && values.equals(a.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }

  /**
   * 1-64 characters of {@code A-Z a-z 0-9 _ . -}: an argument's name. A loop, not a pattern: every
   * argument of every transaction is checked on each validator (a regex was 2 % of its time under a
   * claims load).
   */
  static boolean isKey(String key) {
    if (key == null || key.isEmpty() || key.length() > 64) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
