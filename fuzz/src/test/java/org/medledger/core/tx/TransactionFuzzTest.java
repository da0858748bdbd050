package org.medledger.core.tx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.medledger.core.codec.DecodeException;
import org.medledger.fuzz.Canonical;
import org.medledger.fuzz.GoldenBlocks;

/** A transaction as a client or a peer sends it: refused with a DecodeException or written back unchanged. */
class TransactionFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    Transaction tx;
    try {
      tx = Transaction.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("Transaction.decode", input, tx.encoded());
    // The signed bytes are exactly the encoding's front, so the signature covers every field read.
    byte[] payload = tx.payloadBytes();
    Canonical.assertReencodes("Transaction payload", Arrays.copyOf(input, payload.length), payload);
  }

  /** Transactions of the golden chains (every contract the demo runs, both suites). */
  static Map<String, List<byte[]>> seeds() {
    List<byte[]> seeds = new java.util.ArrayList<>();
    java.util.Set<String> methods = new java.util.HashSet<>();
    for (String suite : List.of("intl", "gm")) {
      for (org.medledger.core.block.Block b : GoldenBlocks.first(suite, 40)) {
        for (Transaction tx : b.transactions()) {
          if (methods.add(suite + tx.contract() + "." + tx.method()) && tx.encoded().length <= 4096) {
            seeds.add(tx.encoded());
          }
        }
      }
    }
    return Map.of("decodesOrRefuses", seeds);
  }
}
