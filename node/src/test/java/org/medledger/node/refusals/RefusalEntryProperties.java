package org.medledger.node.refusals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.node.Gens.bytes;
import static org.medledger.node.Gens.stringsOf;
import static org.medledger.node.Gens.text;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.node.Gens;
import org.quicktheories.core.Gen;

/** The refusal log's entries: every entry decodes to what was encoded, a cut one is refused, any changed byte changes its hash. */
class RefusalEntryProperties {
  private static final org.medledger.crypto.HashFunction SHA256 = org.medledger.crypto.CryptoSuites.byId("intl").hash();

  @Test
  void everyEntryRoundTrips() {
    qt().withExamples(1000).forAll(entries()).checkAssert(e -> assertThat(RefusalEntry.decode(e.encode())).isEqualTo(e));
  }

  @Test
  void aCutEntryIsRefused() {
    qt().withExamples(1000).forAll(entries(), integers().between(0, 999)).checkAssert((e, thousandths) -> {
      byte[] bytes = e.encode();
      int cut = (int) ((long) bytes.length * thousandths / 1000);
      assertThatThrownBy(() -> RefusalEntry.decode(java.util.Arrays.copyOf(bytes, cut))).isInstanceOf(DecodeException.class);
    });
  }

  @Test
  void anyByteChangedChangesTheHash() {
    qt().withExamples(500).forAll(entries(), integers().between(0, 999), integers().between(1, 255)).checkAssert((e, at, flip) -> {
      byte[] bytes = e.encode();
      byte[] changed = bytes.clone();
      changed[(int) ((long) bytes.length * at / 1000)] ^= (byte) (int) flip;
      assertThat(RefusalEntry.hashOf(SHA256, changed)).isNotEqualTo(RefusalEntry.hashOf(SHA256, bytes));
    });
  }

  static Gen<RefusalEntry> entries() {
    Gen<Hash> hash = bytes(32, 32).map(Hash::of);
    Gen<String> reason = stringsOf("abcdefghijklmnopqrstuvwxyz_0123456789", 0, 63).map(s -> "r" + s);
    Gen<RefusalRequester> requester = in -> switch (integers().between(0, 2).generate(in)) {
      case 0 -> RefusalRequester.NOBODY;
      case 1 -> RefusalRequester.claimed(hash.generate(in), text(200).generate(in), text(40).generate(in), text(200).generate(in));
      default -> RefusalRequester.verified(hash.generate(in), text(60).generate(in), text(20).generate(in), text(60).generate(in));
    };
    Gen<Refusal> refusal = in -> new Refusal(text(60).generate(in), text(10).generate(in), text(1500).generate(in),
        integers().between(100, 599).generate(in), reason.generate(in), requester.generate(in));
    Gen<RefusalEntry> entry = in -> new RefusalEntry(longs().between(1, Long.MAX_VALUE).generate(in),
        longs().between(0, Long.MAX_VALUE).generate(in), refusal.generate(in), hash.generate(in));
    return entry.describedAs(Gens::describe);
  }
}
