package org.medledger.apps.credentials.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a licensing authority checked at its source before it licensed a clinician (issue 16 item
 * 1). A closed list, so the ledger's entry says in words any reader understands which sources
 * stand behind a credential; who at the source answered and what they said stays in the
 * off-ledger FHIR document.
 */
public enum PrimarySourceKind {
  /** The medical degree, at the university that awarded it. */
  DEGREE("degree"),
  /** The licensing or board examination, at the body that set it. */
  BOARD_EXAM("board-exam"),
  /** A licence held before, at the authority that issued it. */
  PRIOR_LICENCE("prior-licence"),
  /** Residency or specialist training, at the institution that trained her. */
  TRAINING("training"),
  /** Her identity, at the registry that vouches for it. */
  IDENTITY("identity");

  private final String wireName;

  PrimarySourceKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static PrimarySourceKind parse(String text) {
    for (PrimarySourceKind k : values()) {
      if (k.wireName.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown primary source '" + text + "' (one of " + allNames() + ")");
  }

  /** A comma-separated list, each named once, in the order given. */
  public static List<PrimarySourceKind> parseList(String text) {
    List<PrimarySourceKind> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      PrimarySourceKind k = parse(part);
      if (out.contains(k)) {
        throw new IllegalArgumentException("primary source '" + k.wireName + "' is named twice");
      }
      out.add(k);
    }
    return List.copyOf(out);
  }

  public static String wireNames(List<PrimarySourceKind> kinds) {
    return String.join(",", kinds.stream().map(PrimarySourceKind::wireName).toList());
  }

  static String allNames() {
    return wireNames(List.of(values()));
  }
}
