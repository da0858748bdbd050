package org.medledger.apps.records.contract.patient;

import java.util.regex.Pattern;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * A patient's pseudonym on the chain: {@code H(string "medledger/patient/v1" ‖ bytes SPKI)} of the
 * patient's public key (X.509 SubjectPublicKeyInfo, DER), 64 hex characters. No name, no national
 * id: only whoever holds the key, or the custodian hospital that keeps it in its wallet, can tie it
 * to a person. The same key at two hospitals gives the same id; two keys are tied by a
 * {@link PatientLink} that both sign.
 */
public record PatientId(Hash value) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public static PatientId of(HashFunction hash, byte[] subjectPublicKeyInfo) {
    if (subjectPublicKeyInfo.length == 0) {
      throw new IllegalArgumentException("a patient id needs the patient's public key");
    }
    byte[] preimage = new CanonicalWriter(subjectPublicKeyInfo.length + 32)
        .string("medledger/patient/v1").bytes(subjectPublicKeyInfo).toByteArray();
    return new PatientId(Hash.of(hash.hash(preimage)));
  }

  /** Parses the hex form, naming what is wrong. */
  public static PatientId parse(String hex) {
    if (hex == null || !HEX.matcher(hex).matches()) {
      throw new IllegalArgumentException("a patient id is 64 lower-case hex characters");
    }
    return new PatientId(Hash.fromHex(hex));
  }

  @Override
  public String toString() {
    return value.hex();
  }
}
