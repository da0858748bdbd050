package org.medledger.crypto.smt;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * A state proof as a state receipt carries it (key, value or absence, siblings, the other leaf):
 * the constructor refuses an impossible shape with an IllegalArgumentException, and
 * {@link StateProof#problem} answers any other one with a reason or nothing, never an exception.
 */
class StateProofFuzzTest {
  private static final HashFunction HASH = CryptoSuites.intl().hash();

  @FuzzTest
  void answersEveryProof(FuzzedDataProvider data) {
    byte[] key = data.consumeBytes(data.consumeInt(0, 80));
    byte[] value = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 80)) : null;
    StateProof.OtherLeaf other = data.consumeBoolean() ? new StateProof.OtherLeaf(hash(data), hash(data)) : null;
    List<Hash> siblings = new ArrayList<>();
    int n = data.consumeInt(0, 260);
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      siblings.add(data.consumeBoolean() ? Hash.ZERO : hash(data));
    }
    Hash root = data.consumeBoolean() ? Hash.ZERO : hash(data);
    StateProof proof;
    try {
      proof = new StateProof(key, value, siblings, other);
    } catch (IllegalArgumentException refused) {
      return;
    }
    proof.problem(HASH, root);
  }

  private static Hash hash(FuzzedDataProvider data) {
    byte[] b = new byte[32];
    byte[] given = data.consumeBytes(32);
    System.arraycopy(given, 0, b, 0, given.length);
    return Hash.of(b);
  }
}
