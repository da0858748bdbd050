package org.medledger.core.evidence;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Map;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.crypto.Hash;
import org.medledger.fuzz.Canonical;

/** Equivocation evidence, carried in a transaction by any member: refused with a DecodeException or written back unchanged. */
class EquivocationFuzzTest {
  @FuzzTest
  void decodesOrRefuses(byte[] input) {
    Equivocation evidence;
    try {
      evidence = Equivocation.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("Equivocation.decode", input, evidence.encode());
  }

  /** Two conflicting prevotes and two conflicting proposals of one validator. */
  static Map<String, List<byte[]>> seeds() {
    Hash validator = Hash.of(new byte[32]);
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[31] = 1;
    byte[] sig = new byte[71];
    java.util.Arrays.fill(sig, (byte) 0x30);
    Equivocation votes = new Equivocation(validator,
        new SignedConsensusMessage(ConsensusStep.PREVOTE, 7, 0, Hash.of(a), -1, sig),
        new SignedConsensusMessage(ConsensusStep.PREVOTE, 7, 0, Hash.of(b), -1, sig));
    Equivocation proposals = new Equivocation(validator,
        new SignedConsensusMessage(ConsensusStep.PROPOSAL, 9, 2, Hash.of(a), 1, sig),
        new SignedConsensusMessage(ConsensusStep.PROPOSAL, 9, 2, Hash.of(b), -1, sig));
    return Map.of("decodesOrRefuses", List.of(votes.encode(), proposals.encode()));
  }
}
