package org.medledger.vault;

import java.nio.charset.StandardCharsets;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * The commitment to a document's data key that its manifest carries: {@code H(u8 21 ‖
 * "medledger/data-key/v1" ‖ key)}. AES-GCM and SM4-GCM are not key-committing: a custodian can make
 * one ciphertext that opens, under two different keys, to two different documents ("invisible
 * salamanders", Dodis, Grubbs, Ristenpart and Woodage 2018), and wrap one key for one reader and
 * the other for another. Every reader checks the key it unwrapped against this commitment before
 * decrypting, so one record hash opens to one document whoever reads it. The key is fresh and
 * random, so its hash reveals nothing about it.
 */
public final class DataKeyCommitment {
  private static final byte[] LABEL = "medledger/data-key/v1".getBytes(StandardCharsets.US_ASCII);

  private DataKeyCommitment() {
  }

  public static Hash of(HashFunction hash, byte[] dataKey) {
    byte[] input = new byte[1 + LABEL.length + dataKey.length];
    input[0] = (byte) LABEL.length;
    System.arraycopy(LABEL, 0, input, 1, LABEL.length);
    System.arraycopy(dataKey, 0, input, 1 + LABEL.length, dataKey.length);
    return Hash.of(hash.hash(input));
  }
}
