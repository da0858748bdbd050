package org.medledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.codec.DecodeException;

class ArgsTest {
  @Test
  void encodesKeysInAscendingOrderWhateverTheInsertionOrder() {
    CanonicalWriter a = new CanonicalWriter();
    Args.of("b", "2", "a", "1").writeTo(a);
    CanonicalWriter b = new CanonicalWriter();
    Args.of("a", "1", "b", "2").writeTo(b);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @Test
  void rejectsKeysOutOfOrderOnDecode() {
    CanonicalWriter w = new CanonicalWriter().u32(2).string("b").string("2").string("a").string("1");
    assertThatThrownBy(() -> Args.readFrom(new CanonicalReader(w.toByteArray()), 100))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("ascending");
  }

  @Test
  void rejectsDuplicateKeysOnDecode() {
    CanonicalWriter w = new CanonicalWriter().u32(2).string("a").string("1").string("a").string("2");
    assertThatThrownBy(() -> Args.readFrom(new CanonicalReader(w.toByteArray()), 100)).isInstanceOf(DecodeException.class);
  }

  @Test
  void rejectsBadNames() {
    assertThatThrownBy(() -> Args.of("bad key", "x")).hasMessageContaining("bad key");
  }

  @Test
  void rejectsACountLargerThanTheBytesCouldHold() {
    CanonicalWriter w = new CanonicalWriter().u32(0x7fffffff);
    assertThatThrownBy(() -> Args.readFrom(new CanonicalReader(w.toByteArray()), 100))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("args.count");
  }
}
