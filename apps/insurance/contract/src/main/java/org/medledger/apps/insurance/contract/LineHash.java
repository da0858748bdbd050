package org.medledger.apps.insurance.contract;

import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The salted hash that names one billed service across every insurer (issue 15, item 4):
 * {@code H(string "medledger/insurance/line/v1" ‖ bytes salt ‖ fixed 32 patient ‖ string
 * provider ‖ string dateOfService ‖ string serviceCode)} with the chain's hash. The salt is a
 * network secret every validator holds ({@code insurance-line-salt.key}, written by {@code network
 * init}) and no outsider does, so a paid-line index entry cannot be tied to a patient by guessing
 * the few codes and dates there are (docs/insurance.md, "The line hash").
 *
 * <p>The contract never sees the salt, so it cannot recompute a hash: it keeps the paid total per
 * hash it is given. The submitter computes it; each insurer's node recomputes it from the claim's
 * own fields before its insurer pays ({@link #matches}), so a hospital that bills one service
 * under two hashes is caught by the second insurer, which then refuses to pay.
 */
public final class LineHash {
  private static final String TAG = "medledger/insurance/line/v1";

  private LineHash() {}

  public static Hash of(HashFunction hash, byte[] salt, Hash patient, String provider, String dateOfService,
      String serviceCode) {
    byte[] preimage = new CanonicalWriter(160).string(TAG).bytes(salt).fixed(patient.unsafeBytes(), Hash.LENGTH)
        .string(provider).string(dateOfService).string(serviceCode).toByteArray();
    return Hash.of(hash.hash(preimage));
  }

  /** Whether {@code line} carries the hash its own fields give for {@code patient} under {@code salt}. */
  public static boolean matches(HashFunction hash, byte[] salt, Hash patient, ClaimLine line) {
    return of(hash, salt, patient, line.provider(), line.dateOfService(), line.code()).equals(line.lineHash());
  }
}
