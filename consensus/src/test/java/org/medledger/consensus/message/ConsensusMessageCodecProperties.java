package org.medledger.consensus.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

class ConsensusMessageCodecProperties {
  @Property
  void proposalsRoundTrip(@ForAll long height, @ForAll @IntRange(min = 0, max = 1_000_000) int round,
      @ForAll @IntRange(min = -1, max = 1_000) int validRound, @ForAll @IntRange(min = 0, max = 15) int sender,
      @ForAll @Size(32) byte[] id, @ForAll @Size(max = 80) byte[] sig, @ForAll @Size(max = 500) byte[] value) {
    Proposal p = new Proposal(height, round, value, Hash.of(id), validRound, sender, sig);
    ConsensusMessage back = ConsensusMessageCodec.decode(ConsensusMessageCodec.encode(p), 1 << 20);
    assertThat(back).isEqualTo(p);
    assertThat(((Proposal) back).value()).isEqualTo(value);
  }

  @Property
  void votesRoundTrip(@ForAll boolean prevote, @ForAll long height, @ForAll @IntRange(min = 0, max = 1_000_000) int round,
      @ForAll @IntRange(min = 0, max = 15) int sender, @ForAll @Size(32) byte[] id, @ForAll @Size(max = 80) byte[] sig) {
    Vote v = new Vote(prevote ? Step.PREVOTE : Step.PRECOMMIT, height, round, Hash.of(id), sender, sig);
    assertThat(ConsensusMessageCodec.decode(ConsensusMessageCodec.encode(v), 1 << 20)).isEqualTo(v);
  }

  @Property
  void truncatedOrExtendedBytesAreRefused(@ForAll @Size(32) byte[] id, @ForAll @IntRange(min = 1, max = 60) int cut) {
    byte[] ok = ConsensusMessageCodec.encode(new Vote(Step.PRECOMMIT, 7, 1, Hash.of(id), 2, new byte[70]));
    byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - cut);
    assertThatThrownBy(() -> ConsensusMessageCodec.decode(truncated, 1 << 20)).isInstanceOf(DecodeException.class);
    byte[] extended = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> ConsensusMessageCodec.decode(extended, 1 << 20)).isInstanceOf(DecodeException.class);
  }
}
