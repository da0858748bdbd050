package org.medledger.consensus.twins;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.medledger.consensus.ValidatorSet;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;

/**
 * The validators' keys in a Twins run: a keyed 128-bit hash per validator standing in for a
 * signature. Twins needs no unforgeable keys (its Byzantine nodes are twins running the honest
 * code, which only ever sign with their own key), and a million scenarios need signing to cost
 * next to nothing. Forgery by a non-validator and real signatures are exercised elsewhere (the
 * simulator's outsider, the node's own tests). A twin holds exactly its validator's key.
 */
final class TwinsKeys {
  private final long[] secrets;

  TwinsKeys(int validators) {
    secrets = new long[validators];
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(19);
    for (int i = 0; i < validators; i++) {
      secrets[i] = rnd.nextLong();
    }
  }

  static byte[] tag(long secret, byte[] message) {
    long a = mix(secret, message, 0x9E3779B97F4A7C15L);
    long b = mix(secret, message, 0xC2B2AE3D27D4EB4FL);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (a >>> (8 * i));
      out[8 + i] = (byte) (b >>> (8 * i));
    }
    return out;
  }

  private static long mix(long secret, byte[] message, long salt) {
    long h = secret ^ salt;
    for (byte x : message) {
      h = (h ^ (x & 0xff)) * 0x100000001B3L;
    }
    h ^= message.length;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }

  Signer signer(int validator) {
    long secret = secrets[validator];
    return new Signer() {
      @Override
      public byte[] sign(byte[] message) {
        return tag(secret, message);
      }

      @Override
      public PublicKey publicKey() {
        throw new UnsupportedOperationException("Twins keys have no public key");
      }
    };
  }

  ValidatorSet validatorSet() {
    return validatorSetOf(java.util.stream.IntStream.range(0, secrets.length).toArray());
  }

  /** The validators holding keys {@code members}, in that order (a set a change put in force). */
  ValidatorSet validatorSetOf(int... members) {
    List<Hash> ids = new ArrayList<>();
    List<Verifier> verifiers = new ArrayList<>();
    for (int i : members) {
      ids.add(id(i));
      long secret = secrets[i];
      verifiers.add((message, signature) -> java.security.MessageDigest.isEqual(tag(secret, message), signature));
    }
    return new ValidatorSet(ids, verifiers);
  }

  /** The validator id of key {@code i}. */
  static Hash id(int i) {
    byte[] id = new byte[Hash.LENGTH];
    id[Hash.LENGTH - 1] = (byte) (i + 1);
    return Hash.of(id);
  }
}
