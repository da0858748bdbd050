package org.medledger.consensus.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ConsensusMessageCodecProperties {
  static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(ConsensusMessageCodecProperties::hex);
  }

  static String hex(byte[] b) {
    return "0x" + HexFormat.of().formatHex(b);
  }

  // Each message printed whole (its own toString leaves out the value and the signature), so a
  // falsified run shows every byte it was given.
  static final Gen<Proposal> PROPOSALS = ((Gen<Proposal>) in -> {
    long height = longs().all().generate(in);
    int round = integers().between(0, 1_000_000).generate(in);
    int validRound = integers().between(-1, 1_000).generate(in);
    int sender = integers().between(0, 15).generate(in);
    Hash id = Hash.of(bytes(32, 32).generate(in));
    byte[] sig = bytes(0, 80).generate(in);
    byte[] value = bytes(0, 500).generate(in);
    return new Proposal(height, round, value, id, validRound, sender, sig);
  }).describedAs(p -> p + " value " + hex(p.value()) + " signature " + hex(p.signature()));

  static final Gen<Vote> VOTES = ((Gen<Vote>) in -> {
    Step step = booleans().all().generate(in) ? Step.PREVOTE : Step.PRECOMMIT;
    long height = longs().all().generate(in);
    int round = integers().between(0, 1_000_000).generate(in);
    int sender = integers().between(0, 15).generate(in);
    Hash id = Hash.of(bytes(32, 32).generate(in));
    byte[] sig = bytes(0, 80).generate(in);
    return new Vote(step, height, round, id, sender, sig);
  }).describedAs(v -> v + " id " + v.valueId().hex() + " signature " + hex(v.signature()));

  @Test
  void proposalsRoundTrip() {
    qt().withExamples(1000).forAll(PROPOSALS).checkAssert(p -> {
      ConsensusMessage back = ConsensusMessageCodec.decode(ConsensusMessageCodec.encode(p), 1 << 20);
      assertThat(back).isEqualTo(p);
      assertThat(((Proposal) back).value()).isEqualTo(p.value());
    });
  }

  @Test
  void votesRoundTrip() {
    qt().withExamples(1000).forAll(VOTES).checkAssert(v ->
        assertThat(ConsensusMessageCodec.decode(ConsensusMessageCodec.encode(v), 1 << 20)).isEqualTo(v));
  }

  @Test
  void truncatedOrExtendedBytesAreRefused() {
    qt().withExamples(1000).forAll(bytes(32, 32), integers().between(1, 60)).checkAssert((id, cut) -> {
      byte[] ok = ConsensusMessageCodec.encode(new Vote(Step.PRECOMMIT, 7, 1, Hash.of(id), 2, new byte[70]));
      byte[] truncated = java.util.Arrays.copyOf(ok, ok.length - cut);
      assertThatThrownBy(() -> ConsensusMessageCodec.decode(truncated, 1 << 20)).isInstanceOf(DecodeException.class);
      byte[] extended = java.util.Arrays.copyOf(ok, ok.length + 1);
      assertThatThrownBy(() -> ConsensusMessageCodec.decode(extended, 1 << 20)).isInstanceOf(DecodeException.class);
    });
  }
}
