package org.medledger.apps.insurance.node;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.LineHash;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The network's line-hash salt ({@code secrets/insurance-line-salt.key}, the same on every
 * validator, written by {@code network init}) and what a node does with it: a hospital's node
 * computes its claim lines' hashes, an insurer's node checks every line of a claim before its
 * insurer pays (the contract cannot: it never sees the salt; docs/insurance.md, "The line hash").
 */
public final class LineHashSalt {
  public static final String FILE = "insurance-line-salt.key";
  private final byte[] salt;
  private final HashFunction hash;

  public LineHashSalt(byte[] salt, HashFunction hash) {
    if (salt.length < 16) {
      throw new IllegalArgumentException(FILE + " must hold at least 16 bytes, not " + salt.length);
    }
    this.salt = salt.clone();
    this.hash = hash;
  }

  static byte[] newSalt() {
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    return s;
  }

  public Hash lineHash(Hash patient, String provider, String dateOfService, String serviceCode) {
    return LineHash.of(hash, salt, patient, provider, dateOfService, serviceCode);
  }

  /** The 1-based numbers of the claim's lines whose hash is not the one their own fields give. */
  public List<Integer> mismatchedLines(Claim claim) {
    List<Integer> bad = new ArrayList<>();
    List<ClaimLine> lines = claim.lines();
    for (int i = 0; i < lines.size(); i++) {
      if (!LineHash.matches(hash, salt, claim.patient(), lines.get(i))) {
        bad.add(i + 1);
      }
    }
    return bad;
  }
}
