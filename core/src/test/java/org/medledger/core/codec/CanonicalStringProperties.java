package org.medledger.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link CanonicalReader#string} decodes exactly as a strict UTF-8 decoder does, its ASCII fast
 * path included: the same string for valid bytes, a refusal naming the field for invalid ones, on
 * ASCII, on any code point, and on arbitrary bytes (most of them invalid UTF-8).
 */
class CanonicalStringProperties {
  @Test
  void anyStringRoundTrips() {
    qt().withExamples(500).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(s -> {
      byte[] encoded = new CanonicalWriter(64).string(s).toByteArray();
      assertThat(new CanonicalReader(encoded).string("s", 1 << 10)).isEqualTo(
          strict(s.getBytes(StandardCharsets.UTF_8)).orElseThrow());
    });
    qt().withExamples(500).forAll(strings().ascii().ofLengthBetween(0, 40))
        .checkAssert(s -> assertThat(new CanonicalReader(new CanonicalWriter(64).string(s).toByteArray()).string("s", 1 << 10))
            .isEqualTo(s));
  }

  @Test
  void arbitraryBytesDecodeAsTheStrictDecoderSaysOrAreRefusedNamingTheField() {
    qt().withExamples(2_000).forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 12)).checkAssert(values -> {
      byte[] raw = bytes(values);
      byte[] encoded = new CanonicalWriter(32).bytes(raw).toByteArray();
      Optional<String> want = strict(raw);
      try {
        String got = new CanonicalReader(encoded).string("line 1.code", 64);
        assertThat(want).contains(got);
      } catch (DecodeException e) {
        assertThat(want).isEmpty();
        assertThat(e.getMessage()).isEqualTo("line 1.code: not valid UTF-8");
      }
    });
  }

  private static byte[] bytes(List<Integer> values) {
    byte[] b = new byte[values.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (int) values.get(i);
    }
    return b;
  }

  private static Optional<String> strict(byte[] b) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
