package org.medledger.consensus.sim;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.consensus.ValidatorSet;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;

/**
 * Per-validator HMAC keys standing in for signatures inside the simulator: unforgeable by other
 * simulated validators (they never see the key) and a thousand times cheaper than ECDSA, so a
 * thousand seeds run in seconds. The engine sees only the Signer and Verifier interfaces; real
 * signatures are exercised by the node's own tests.
 */
final class SimKeys {
  private final List<byte[]> secrets = new ArrayList<>();

  SimKeys(int n, long seed) {
    for (int i = 0; i < n; i++) {
      byte[] k = new byte[32];
      new java.util.SplittableRandom(seed * 31 + i).nextBytes(k);
      secrets.add(k);
    }
  }

  static byte[] mac(byte[] key, byte[] message) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m.doFinal(message);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Signer signer(int i) {
    byte[] key = secrets.get(i);
    return new Signer() {
      @Override
      public byte[] sign(byte[] message) {
        return mac(key, message);
      }

      @Override
      public PublicKey publicKey() {
        throw new UnsupportedOperationException("simulated keys have no public key");
      }
    };
  }

  ValidatorSet validatorSet() {
    return validatorSet(secrets.size());
  }

  /**
   * The validators of {@code genuine} verified the wrong way: a signature by any of these keys
   * (validators' and non-validators' alike) is believed for whichever validator it claims to be
   * from. The simulator must catch a node that checks signatures but not who signed.
   */
  ValidatorSet believingAnySigner(ValidatorSet genuine) {
    return new ValidatorSet(genuine) {
      @Override
      public boolean verify(int sender, byte[] message, byte[] signature) {
        if (sender < 0 || sender >= size()) {
          return false;
        }
        for (byte[] key : secrets) {
          if (java.security.MessageDigest.isEqual(mac(key, message), signature)) {
            return true;
          }
        }
        return false;
      }
    };
  }

  /** The first {@code count} keys as validators (the rest are non-validators' keys). */
  ValidatorSet validatorSet(int count) {
    return validatorSetOf(java.util.stream.IntStream.range(0, count).toArray());
  }

  /** The validators holding keys {@code members}, in that order. */
  ValidatorSet validatorSetOf(int... members) {
    List<Hash> ids = new ArrayList<>();
    List<Verifier> verifiers = new ArrayList<>();
    for (int i : members) {
      ids.add(id(i));
      byte[] key = secrets.get(i);
      verifiers.add((message, signature) -> java.security.MessageDigest.isEqual(mac(key, message), signature));
    }
    return new ValidatorSet(ids, verifiers);
  }

  /** The validator id of key {@code i}. */
  static Hash id(int i) {
    byte[] id = new byte[32];
    id[31] = (byte) (i + 1);
    return Hash.of(id);
  }
}
