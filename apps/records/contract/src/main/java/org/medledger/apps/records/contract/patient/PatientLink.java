package org.medledger.apps.records.contract.patient;

import java.util.Arrays;
import java.util.Optional;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.CryptoSuite;

/**
 * Ties two patient ids to one person without saying who: the patient signs one statement with
 * both keys (say the custodial key of hospital A's wallet and that of hospital B's), proving
 * control of both. The statement is {@code string "medledger/patient-link/v1" ‖ string chainId ‖
 * fixed 32 ‖ fixed 32}, the two ids in ascending byte order, so either side may present it.
 *
 * <p>Privacy limits: every member sees that the two pseudonyms are one person, and so can join
 * the metadata of both hospitals' records; the pseudonyms are not anonymous, since the times,
 * hospitals and record categories around them can identify a person to someone who knows enough,
 * and each custodian knows whom its key belongs to. A link cannot be undone on the chain (erasure
 * destroys content, not the fact that two ids were linked); no national id or name is ever
 * hashed into it, so it offers nothing to guess against.
 */
public record PatientLink(String chainId, byte[] firstKey, byte[] firstSignature, byte[] secondKey, byte[] secondSignature) {
  public PatientLink {
    firstKey = firstKey.clone();
    firstSignature = firstSignature.clone();
    secondKey = secondKey.clone();
    secondSignature = secondSignature.clone();
  }

  /** The bytes both keys sign. */
  public static byte[] statement(CryptoSuite suite, String chainId, byte[] keyA, byte[] keyB) {
    byte[] a = PatientId.of(suite.hash(), keyA).value().toBytes();
    byte[] b = PatientId.of(suite.hash(), keyB).value().toBytes();
    if (Arrays.compareUnsigned(a, b) > 0) {
      byte[] t = a;
      a = b;
      b = t;
    }
    return new CanonicalWriter(128).string("medledger/patient-link/v1").string(chainId).fixed(a, 32).fixed(b, 32).toByteArray();
  }

  /** Why this link does not hold on this chain; empty when both signatures do. */
  public Optional<String> problem(CryptoSuite suite, String expectedChainId) {
    if (!chainId.equals(expectedChainId)) {
      return Optional.of("the link is for chain '" + chainId + "', not '" + expectedChainId + "'");
    }
    if (Arrays.equals(firstKey, secondKey)) {
      return Optional.of("a link joins two different keys");
    }
    byte[] statement;
    try {
      statement = statement(suite, chainId, firstKey, secondKey);
      if (!suite.signatures().verifier(suite.signatures().decodePublicKey(firstKey)).verify(statement, firstSignature)) {
        return Optional.of("the first key's signature does not verify");
      }
      if (!suite.signatures().verifier(suite.signatures().decodePublicKey(secondKey)).verify(statement, secondSignature)) {
        return Optional.of("the second key's signature does not verify");
      }
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  public PatientId first(CryptoSuite suite) {
    return PatientId.of(suite.hash(), firstKey);
  }

  public PatientId second(CryptoSuite suite) {
    return PatientId.of(suite.hash(), secondKey);
  }
}
