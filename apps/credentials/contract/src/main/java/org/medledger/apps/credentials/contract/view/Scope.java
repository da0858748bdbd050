package org.medledger.apps.credentials.contract.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a credential lets its holder do (her scope of practice), in the words a transaction and a
 * credential document carry. A closed set: a scope spelled wrong would otherwise license nothing
 * and nobody would notice until the ledger refused her at the bedside.
 */
public enum Scope {
  /** Prescribe medicines. */
  PRESCRIBE("prescribe"),
  /** Read a record without consent in an emergency (records' audit contract enforces it). */
  BREAK_GLASS("break-glass"),
  /** Submit or approve an insurance claim (insurance's contract enforces it). */
  SIGN_CLAIMS("sign-claims"),
  /** Record care plans, goals and milestones (issue 16, care tracking). */
  RECORD_CARE("record-care"),
  /** Store a clinical record as its author. */
  AUTHOR_RECORDS("author-records");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The scope of this wire name; IllegalArgumentException listing the known ones. */
  public static Scope parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    for (Scope s : values()) {
      if (s.wireName.equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scope '" + text + "' (expected " + known() + ")");
  }

  /** Comma-separated scopes, each once, in this enum's order (the order a credential lists them). */
  public static List<Scope> parseList(String text) {
    boolean[] seen = new boolean[values().length];
    for (String part : text.split(",", -1)) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("an empty scope in '" + text + "' (expected " + known() + ")");
      }
      Scope s = parse(part);
      if (seen[s.ordinal()]) {
        throw new IllegalArgumentException("scope " + s.wireName + " named twice");
      }
      seen[s.ordinal()] = true;
    }
    List<Scope> out = new ArrayList<>();
    for (Scope s : values()) {
      if (seen[s.ordinal()]) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  public static String wireNames(List<Scope> scopes) {
    return String.join(",", scopes.stream().map(Scope::wireName).toList());
  }

  private static String known() {
    List<String> names = new ArrayList<>();
    for (Scope s : values()) {
      names.add(s.wireName);
    }
    return String.join(", ", names);
  }
}
