package org.medledger.node.refusals;

import org.medledger.crypto.Hash;

/**
 * Who a refused request came from, as far as the node could tell: nobody named (no token, or one
 * whose claims do not parse), whom an unproven token claimed to be (forged, expired, issued by
 * another node, or a certificate no longer in standing), or the member the node verified (its
 * token and its certificate's standing on the ledger). A claim is filed as a claim: anyone can
 * write one naming anyone.
 */
public record RefusalRequester(Basis basis, Hash certificate, String organisation, String role, String name) {
  /** How much the node knows of the requester. */
  public enum Basis {
    NONE, CLAIMED, VERIFIED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A claimed field is written by whoever sent the token: each is cut to this many characters. */
  static final int MAX_FIELD = 128;

  public static final RefusalRequester NOBODY = new RefusalRequester(Basis.NONE, null, "", "", "");

  public RefusalRequester {
    java.util.Objects.requireNonNull(basis, "basis");
    if (basis == Basis.NONE && certificate != null) {
      throw new IllegalArgumentException("a requester nobody named has no certificate");
    }
    organisation = printable(organisation);
    role = printable(role);
    name = printable(name);
  }

  public static RefusalRequester claimed(Hash certificate, String organisation, String role, String name) {
    return new RefusalRequester(Basis.CLAIMED, certificate, organisation, role, name);
  }

  public static RefusalRequester verified(Hash certificate, String organisation, String role, String name) {
    return new RefusalRequester(Basis.VERIFIED, certificate, organisation, role, name);
  }

  /** Control characters out (a claim could carry a forged log line) and the length bounded. */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_FIELD));
    s.codePoints().limit(MAX_FIELD).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }
}
