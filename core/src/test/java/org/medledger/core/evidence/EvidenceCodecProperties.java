package org.medledger.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.crypto.Hash;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The evidence codecs round-trip, and truncated, extended or mutated bytes fail cleanly (DecodeException). */
class EvidenceCodecProperties {
  static Gen<byte[]> bytes(int min, int max) {
    return Generate.byteArrays(integers().between(min, max), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
        .describedAs(b -> "0x" + HexFormat.of().formatHex(b));
  }

  static final Gen<SignedConsensusMessage> MESSAGES = in -> {
    ConsensusStep step = ConsensusStep.values()[integers().between(0, 2).generate(in)];
    long height = longs().between(0, Long.MAX_VALUE).generate(in);
    int round = integers().between(0, Integer.MAX_VALUE).generate(in);
    int validRound = step == ConsensusStep.PROPOSAL ? integers().between(-1, round - 1).generate(in) : -1;
    return new SignedConsensusMessage(step, height, round, Hash.of(bytes(32, 32).generate(in)), validRound,
        bytes(0, 256).generate(in));
  };

  static final Gen<Equivocation> EVIDENCE = in -> new Equivocation(Hash.of(bytes(32, 32).generate(in)),
      MESSAGES.generate(in), MESSAGES.generate(in));

  @Test
  void evidenceAndRecordsRoundTrip() {
    qt().withExamples(500).forAll(EVIDENCE, longs().between(0, Long.MAX_VALUE)).checkAssert((e, h) -> {
      assertThat(Equivocation.decode(e.encode())).isEqualTo(e);
      EvidenceRecord r = new EvidenceRecord(e, e.validator(), h, e.validator(), h / 2);
      assertThat(EvidenceRecord.decode(r.encode())).isEqualTo(r);
    });
  }

  @Test
  void truncatedExtendedOrMutatedBytesFailCleanly() {
    qt().withExamples(500).forAll(EVIDENCE, integers().between(1, 1000), integers().between(1, 255)).checkAssert((e, at, flip) -> {
      byte[] ok = e.encode();
      int cut = 1 + at % ok.length;
      assertThatThrownBy(() -> Equivocation.decode(Arrays.copyOf(ok, ok.length - cut))).isInstanceOf(DecodeException.class);
      assertThatThrownBy(() -> Equivocation.decode(Arrays.copyOf(ok, ok.length + 1))).isInstanceOf(DecodeException.class);
      byte[] mutated = ok.clone();
      mutated[at % ok.length] ^= (byte) flip.intValue();
      try {
        assertThat(Equivocation.decode(mutated)).isNotEqualTo(e);
      } catch (DecodeException expected) {
        // a mutation that breaks a field is named, never another exception
      }
    });
  }
}
