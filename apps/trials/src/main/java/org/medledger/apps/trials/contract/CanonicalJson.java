package org.medledger.apps.trials.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.medledger.core.runtime.ContractException;

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the documents the trials contract accepts: objects,
 * arrays and strings only. Numbers, booleans and null are refused so that no floating-point
 * formatting can enter consensus code; a date is a string. The contract parses a document,
 * writes it back canonically and refuses it unless the two byte strings are equal, so what is on
 * the ledger reproduces byte for byte with any RFC 8785 implementation. Values are a
 * {@code String}, a {@code List<Object>} or a {@code SortedMap<String, Object>}; a TreeMap of
 * Java strings orders keys by UTF-16 code units, which is the order RFC 8785 §3.2.3 requires.
 */
public final class CanonicalJson {
  private static final int MAX_DEPTH = 8;
  private static final String HEX = "0123456789abcdef";
  private final String text;
  private int at;

  private CanonicalJson(String text) {
    this.text = text;
  }

  /** Parses {@code document} and refuses it unless it is already in canonical form. */
  public static SortedMap<String, Object> parseCanonicalObject(String what, String document) throws ContractException {
    CanonicalJson p = new CanonicalJson(document);
    Object value = p.value(what, 0);
    if (p.at != document.length()) {
      throw invalid(what + " has text after its JSON value at character " + p.at);
    }
    if (!(value instanceof SortedMap<?, ?>)) {
      throw invalid(what + " must be a JSON object");
    }
    String canonical = write(value);
    if (!canonical.equals(document)) {
      throw new ContractException("not_canonical", what + " is not in RFC 8785 canonical form (sorted keys, no whitespace,"
          + " minimal escapes); canonicalise it before submitting");
    }
    @SuppressWarnings("unchecked")
    SortedMap<String, Object> object = (SortedMap<String, Object>) value;
    return object;
  }

  /** The canonical text of a value built from strings, lists and sorted maps. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** The canonical UTF-8 bytes of a value: what the ledger hashes. */
  public static byte[] bytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Object value, StringBuilder out) {
    if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else if (value instanceof SortedMap<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string((String) e.getKey(), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else {
      throw new IllegalArgumentException("a trials document holds strings, arrays and objects only, not " + value);
    }
  }

  /** RFC 8785 §3.2.2.2: ECMAScript's JSON.stringify escapes for strings. */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private Object value(String what, int depth) throws ContractException {
    skipWhitespace();
    if (depth > MAX_DEPTH) {
      throw invalid(what + " nests deeper than " + MAX_DEPTH + " levels");
    }
    if (at >= text.length()) {
      throw invalid(what + " ends where a value was expected");
    }
    char c = text.charAt(at);
    return switch (c) {
      case '{' -> thenSpace(object(what, depth));
      case '[' -> thenSpace(array(what, depth));
      case '"' -> stringThenSpace(what);
      default -> throw invalid(what + " has '" + c + "' at character " + at
          + ": only objects, arrays and strings are accepted (write numbers, dates and flags as strings)");
    };
  }

  private SortedMap<String, Object> object(String what, int depth) throws ContractException {
    at++;
    SortedMap<String, Object> map = new TreeMap<>();
    if (peek() == '}') {
      at++;
      return map;
    }
    while (true) {
      if (peek() != '"') {
        throw invalid(what + " expects a quoted member name at character " + at);
      }
      String key = string(what);
      expect(':', what);
      if (map.put(key, value(what, depth + 1)) != null) {
        throw invalid(what + " names member '" + key + "' twice");
      }
      char next = peek();
      at++;
      if (next == '}') {
        return map;
      }
      if (next != ',') {
        throw invalid(what + " expects ',' or '}' at character " + (at - 1));
      }
    }
  }

  private List<Object> array(String what, int depth) throws ContractException {
    at++;
    List<Object> list = new ArrayList<>();
    if (peek() == ']') {
      at++;
      return list;
    }
    while (true) {
      list.add(value(what, depth + 1));
      char next = peek();
      at++;
      if (next == ']') {
        return list;
      }
      if (next != ',') {
        throw invalid(what + " expects ',' or ']' at character " + (at - 1));
      }
    }
  }

  private String string(String what) throws ContractException {
    at++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw invalid(what + " has an unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw invalid(what + " has an unescaped control character in a string at character " + (at - 1));
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw invalid(what + " has an unterminated escape");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '/' -> out.append('/');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (at + 4 > text.length()) {
            throw invalid(what + " has a short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
          } catch (NumberFormatException ex) {
            throw invalid(what + " has a bad \\u escape at character " + at);
          }
          at += 4;
        }
        default -> throw invalid(what + " has an unknown escape '\\" + e + "'");
      }
    }
  }

  /** Whitespace is read (so that a pretty-printed document gets the precise refusal, not_canonical), never written. */
  private void skipWhitespace() {
    while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == '\n'
        || text.charAt(at) == '\r')) {
      at++;
    }
  }

  private <T> T thenSpace(T value) {
    skipWhitespace();
    return value;
  }

  private String stringThenSpace(String what) throws ContractException {
    return thenSpace(string(what));
  }

  private char peek() throws ContractException {
    skipWhitespace();
    if (at >= text.length()) {
      throw invalid("document ends early");
    }
    return text.charAt(at);
  }

  private void expect(char c, String what) throws ContractException {
    if (peek() != c) {
      throw invalid(what + " expects '" + c + "' at character " + at);
    }
    at++;
  }

  private static ContractException invalid(String message) {
    return new ContractException("invalid_document", message);
  }
}
