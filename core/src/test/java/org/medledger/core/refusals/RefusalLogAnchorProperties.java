package org.medledger.core.refusals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The anchor record round-trips, and truncated, extended or mutated bytes fail cleanly (DecodeException). */
class RefusalLogAnchorProperties {
  static final Gen<Hash> HASHES = Generate.byteArrays(integers().between(32, 32), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE,
      (byte) 0)).map(Hash::of);
  static final Gen<Long> COUNTS = longs().between(0, Long.MAX_VALUE);

  static final Gen<RefusalLogAnchor> ANCHORS = in -> new RefusalLogAnchor(HASHES.generate(in), COUNTS.generate(in),
      COUNTS.generate(in), HASHES.generate(in), COUNTS.generate(in), COUNTS.generate(in), COUNTS.generate(in),
      HASHES.generate(in));

  @Test
  void anchorsRoundTrip() {
    qt().withExamples(500).forAll(ANCHORS).checkAssert(a -> assertThat(RefusalLogAnchor.decode(a.encode())).isEqualTo(a));
  }

  @Test
  void truncatedExtendedOrMutatedBytesFailCleanly() {
    qt().withExamples(500).forAll(ANCHORS, integers().between(1, 1000), integers().between(1, 255)).checkAssert((a, at, flip) -> {
      byte[] ok = a.encode();
      int cut = 1 + at % ok.length;
      assertThatThrownBy(() -> RefusalLogAnchor.decode(Arrays.copyOf(ok, ok.length - cut))).isInstanceOf(DecodeException.class);
      assertThatThrownBy(() -> RefusalLogAnchor.decode(Arrays.copyOf(ok, ok.length + 1))).isInstanceOf(DecodeException.class);
      byte[] mutated = ok.clone();
      mutated[at % ok.length] ^= (byte) flip.intValue();
      try {
        assertThat(RefusalLogAnchor.decode(mutated)).isNotEqualTo(a);
      } catch (DecodeException expected) {
        // a mutation that breaks a field is named, never another exception
      }
    });
  }
}
