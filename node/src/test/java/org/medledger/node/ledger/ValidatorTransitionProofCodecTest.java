package org.medledger.node.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.StateKeys;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.smt.NodeKey;
import org.medledger.crypto.smt.SparseMerkleTree;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeNode;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;

/** The kept form of a validator-set change's state proof: real proofs round-trip; cut or altered bytes are refused. */
class ValidatorTransitionProofCodecTest {
  private final HashFunction hash = CryptoSuites.intl().hash();
  private final SparseMerkleTree tree = new SparseMerkleTree(hash);

  @Test
  void aPresenceAndAnAbsenceProofRoundTripAndStillLeadToTheRoot() {
    Map<NodeKey, TreeNode> nodes = new TreeMap<>();
    Map<byte[], byte[]> writes = new LinkedHashMap<>();
    for (int i = 0; i < 20; i++) {
      writes.put(StateKeys.of("membership", "cert/" + i), new byte[] {(byte) i});
    }
    writes.put(ValidatorHistory.stateKey(12), new byte[] {1, 2, 3});
    TreeUpdate u = tree.update(k -> Optional.ofNullable(nodes.get(k)), TreeRoot.EMPTY, 1, writes);
    u.newNodes().forEach(n -> nodes.put(n.key(), n.node()));
    for (long h : new long[] {12, 13}) {
      StateProof p = tree.prove(k -> Optional.ofNullable(nodes.get(k)), u.root(), ValidatorHistory.stateKey(h));
      byte[] kept = ValidatorTransitionProofs.encode(p);
      StateProof back = ValidatorTransitionProofs.decode(kept);
      assertThat(back).isEqualTo(p);
      assertThat(back.present()).isEqualTo(h == 12);
      assertThat(back.problem(hash, u.root().hash())).isEmpty();
      assertThatThrownBy(() -> ValidatorTransitionProofs.decode(Arrays.copyOf(kept, kept.length - 1)))
          .isInstanceOf(DecodeException.class);
      byte[] longer = Arrays.copyOf(kept, kept.length + 1);
      assertThatThrownBy(() -> ValidatorTransitionProofs.decode(longer)).isInstanceOf(DecodeException.class);
      byte[] otherMagic = kept.clone();
      otherMagic[5] ^= 1;
      assertThatThrownBy(() -> ValidatorTransitionProofs.decode(otherMagic)).isInstanceOf(DecodeException.class)
          .hasMessageContaining("state-proof/v1");
    }
  }
}
