package org.medledger.apps.drugs.contract.gs1;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pack's GS1 Digital Link URI (GS1 Digital Link Standard 1.4): {@code
 * https://host/01/{gtin}[/10/{lot}]/21/{serial}[?10={lot}&17={yymmdd}]}, what the QR code on the
 * pack holds and what a consumer's phone opens. Parsing accepts the lot in the path or the query
 * and percent-encoded values; formatting encodes every character outside RFC 3986's unreserved set.
 */
public record DigitalLink(Sgtin sgtin, Optional<String> lot, Optional<String> expiry) {
  public DigitalLink {
    Objects.requireNonNull(sgtin, "sgtin");
    lot.ifPresent(l -> Gs1.requireCset82(l, 20, "lot (AI 10)"));
    expiry.ifPresent(e -> {
      if (!e.matches("[0-9]{6}")) {
        throw new IllegalArgumentException("expiry (AI 17) is YYMMDD, got '" + e + "'");
      }
    });
  }

  /** Parses a Digital Link URI or just its path (and query), naming what is wrong. */
  public static DigitalLink parse(String uriOrPath) {
    String s = Objects.requireNonNull(uriOrPath, "uri");
    int scheme = s.indexOf("://");
    if (scheme >= 0) {
      int slash = s.indexOf('/', scheme + 3);
      s = slash < 0 ? "/" : s.substring(slash);
    }
    String query = "";
    int q = s.indexOf('?');
    if (q >= 0) {
      query = s.substring(q + 1);
      s = s.substring(0, q);
    }
    String[] parts = s.replaceAll("^/+", "").split("/");
    Map<String, String> path = new LinkedHashMap<>();
    if (parts.length % 2 != 0) {
      throw new IllegalArgumentException("a Digital Link path is pairs of AI and value, got '" + s + "'");
    }
    for (int i = 0; i < parts.length; i += 2) {
      if (path.put(parts[i], decode(parts[i + 1])) != null) {
        throw new IllegalArgumentException("AI " + parts[i] + " appears twice in '" + s + "'");
      }
    }
    if (!path.containsKey("01") || !parts[0].equals("01")) {
      throw new IllegalArgumentException("a pack's Digital Link starts with /01/{gtin}, got '" + s + "'");
    }
    if (!path.containsKey("21")) {
      throw new IllegalArgumentException("a pack's Digital Link names its serial: /21/{serial}");
    }
    for (String ai : path.keySet()) {
      if (!ai.equals("01") && !ai.equals("10") && !ai.equals("21")) {
        throw new IllegalArgumentException("AI " + ai + " is not a key qualifier this ledger reads (01, 10, 21)");
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          params.put(kv.substring(0, eq), decode(kv.substring(eq + 1)));
        }
      }
    }
    String lot = path.getOrDefault("10", params.get("10"));
    if (path.containsKey("10") && params.containsKey("10") && !path.get("10").equals(params.get("10"))) {
      throw new IllegalArgumentException("the lot differs between path and query");
    }
    return new DigitalLink(new Sgtin(Gtin.parse(path.get("01")), path.get("21")), Optional.ofNullable(lot),
        Optional.ofNullable(params.get("17")));
  }

  /** The URI under {@code base} (e.g. {@code https://id.example.org}), lot and expiry as query. */
  public String format(String base) {
    StringBuilder b = new StringBuilder(base.replaceAll("/+$", "")).append("/01/").append(sgtin.gtin())
        .append("/21/").append(encode(sgtin.serial()));
    String sep = "?";
    if (lot.isPresent()) {
      b.append(sep).append("10=").append(encode(lot.get()));
      sep = "&";
    }
    if (expiry.isPresent()) {
      b.append(sep).append("17=").append(expiry.get());
    }
    return b.toString();
  }

  private static String encode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        b.append(c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** RFC 3986 percent-decoding ('+' stays '+': it is a character of set 82, not a space). */
  private static String decode(String s) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
        int lo = i + 2 < s.length() ? Character.digit(s.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException("bad percent-encoding in '" + s + "'");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
