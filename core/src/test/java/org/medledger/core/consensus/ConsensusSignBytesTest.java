package org.medledger.core.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * The bytes validators sign did not change when they moved from consensus to core (issue 21,
 * finding 8): these vectors were printed by the engine's own Proposal and Vote before the move.
 * Every stored commit certificate is a set of signatures over them.
 */
class ConsensusSignBytesTest {
  static final String CHAIN = "bft-test/00ff";
  static final Hash ID;

  static {
    byte[] b = new byte[32];
    for (int i = 0; i < 32; i++) {
      b[i] = (byte) (i + 1);
    }
    ID = Hash.of(b);
  }

  static final String IDHEX = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";
  static final String ZERO = "00".repeat(32);

  @Test
  void proposalSignBytesAreUnchanged() {
    assertThat(Hex.encode(ConsensusSignBytes.proposal(CHAIN, 7, 2, ID, 1))).isEqualTo(
        "000000156d65646c65646765722f70726f706f73616c2f76310000000d6266742d746573742f30306666"
            + "0000000000000007" + "00000002" + IDHEX + "00000001");
    assertThat(Hex.encode(ConsensusSignBytes.proposal(CHAIN, 7, 2, ID, -1))).endsWith(IDHEX + "ffffffff");
  }

  @Test
  void voteSignBytesAreUnchanged() {
    String voteDomain = "000000116d65646c65646765722f766f74652f76310000000d6266742d746573742f30306666";
    assertThat(Hex.encode(ConsensusSignBytes.vote(CHAIN, ConsensusStep.PREVOTE, 7, 2, ID)))
        .isEqualTo(voteDomain + "00" + "0000000000000007" + "00000002" + IDHEX);
    assertThat(Hex.encode(ConsensusSignBytes.vote(CHAIN, ConsensusStep.PREVOTE, 7, 2, ConsensusSignBytes.NIL)))
        .isEqualTo(voteDomain + "00" + "0000000000000007" + "00000002" + ZERO);
    assertThat(Hex.encode(ConsensusSignBytes.vote(CHAIN, ConsensusStep.PRECOMMIT, 7, 2, ConsensusSignBytes.NIL)))
        .isEqualTo(voteDomain + "01" + "0000000000000007" + "00000002" + ZERO);
    // A precommit for a block is its commit seal.
    assertThat(Hex.encode(ConsensusSignBytes.vote(CHAIN, ConsensusStep.PRECOMMIT, 7, 2, ID))).isEqualTo(
        "000000186d65646c65646765722f636f6d6d69742d7365616c2f76310000000d6266742d746573742f30306666"
            + "0000000000000007" + "00000002" + IDHEX);
  }

  @Test
  void aSignedMessageRoundTripsAndARoundOrStepOutOfRangeIsNamed() {
    SignedConsensusMessage m = new SignedConsensusMessage(ConsensusStep.PROPOSAL, 7, 2, ID, 1, new byte[] {1, 2, 3});
    CanonicalWriter w = new CanonicalWriter();
    m.writeTo(w);
    byte[] bytes = w.toByteArray();
    assertThat(SignedConsensusMessage.readFrom(new CanonicalReader(bytes), "m")).isEqualTo(m);
    bytes[0] = 9;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SignedConsensusMessage.readFrom(new CanonicalReader(bytes), "m"))
        .hasMessageContaining("m.step");
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> new SignedConsensusMessage(ConsensusStep.PREVOTE, 7, 2, ID, 0, new byte[1])).hasMessageContaining("validRound");
  }
}
