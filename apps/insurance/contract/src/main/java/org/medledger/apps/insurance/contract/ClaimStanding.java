package org.medledger.apps.insurance.contract;

import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/**
 * Whose a claim is and where it stands, read from its record without decoding its lines or
 * results ({@link Claim}'s layout: the lines are one length-prefixed field, each result a fixed
 * 57 bytes): for a list that keeps a few claims of many, such as the pended ones of a queue over
 * 10,000 claims. A read of committed state only; nothing here is written.
 */
public record ClaimStanding(String insurer, ClaimStatus status) {
  private static final int RESULT_BYTES = 1 + 7 * 8;

  public static ClaimStanding of(byte[] claimRecord) {
    CanonicalReader r = new CanonicalReader(claimRecord);
    int v = r.u8("claim.version");
    if (v != 1) {
      throw new DecodeException("claim.version: unknown version " + v);
    }
    r.fixed(Hash.LENGTH, "claim.id");
    r.fixed(Hash.LENGTH, "claim.policy");
    String insurer = r.string("claim.insurer", 256);
    r.fixed(Hash.LENGTH, "claim.patient");
    r.string("claim.submitter", 256);
    r.fixed(Hash.LENGTH, "claim.submitterCertificate");
    r.string("claim.currency", 8);
    r.bytes("claim.lines", 1 << 20);
    int n = r.count("claim.adjudication", ClaimLine.MAX_LINES);
    r.fixed(n * RESULT_BYTES, "claim.adjudication");
    int status = r.u8("claim.status");
    if (status >= ClaimStatus.values().length) {
      throw new DecodeException("claim.status: unknown status " + status);
    }
    return new ClaimStanding(insurer, ClaimStatus.values()[status]);
  }
}
