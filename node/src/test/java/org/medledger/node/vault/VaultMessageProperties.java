package org.medledger.node.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;

/** The vault's node-to-node frames: every frame decodes to what was encoded; damaged frames are refused by name. */
class VaultMessageProperties {

  @Property
  void everyFrameRoundTrips(@ForAll("messages") VaultMessage m) {
    VaultMessage back = VaultMessage.decode(VaultMessage.encode(m));
    assertThat(back).usingRecursiveComparison().isEqualTo(m);
  }

  @Property
  void aCutFrameIsRefused(@ForAll("messages") VaultMessage m, @ForAll("fractions") double at) {
    byte[] frame = VaultMessage.encode(m);
    int cut = (int) (frame.length * at);
    assertThatThrownBy(() -> VaultMessage.decode(java.util.Arrays.copyOf(frame, cut))).isInstanceOf(DecodeException.class);
  }

  @Test
  void aShardCarriesAtMostEightKeys() {
    List<VaultMessage.WrappedKey> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(new VaultMessage.WrappedKey("org:o" + i, new byte[97]));
    }
    byte[] frame = VaultMessage.encode(new VaultMessage.PutShard(7, Hash.of(new byte[32]), 1, new byte[10], nine));
    assertThatThrownBy(() -> VaultMessage.decode(frame)).isInstanceOf(DecodeException.class).hasMessageContaining("vault.keys");
  }

  @Provide
  Arbitrary<Double> fractions() {
    return Arbitraries.doubles().between(0, 0.999).ofScale(3);
  }

  @Provide
  Arbitrary<VaultMessage> messages() {
    Arbitrary<Long> request = Arbitraries.longs();
    Arbitrary<Hash> record = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 0xffff);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    // readers are 'patient' or 'org:<name>': at most 80 UTF-8 bytes
    Arbitrary<String> reader = Arbitraries.strings().alpha().numeric().withChars(':', '-').ofMinLength(1).ofMaxLength(80);
    Arbitrary<VaultMessage.WrappedKey> key = Combinators.combine(reader, bytes).as(VaultMessage.WrappedKey::new);
    Arbitrary<List<VaultMessage.WrappedKey>> keys = key.list().ofMaxSize(VaultMessage.MAX_KEYS_PER_SHARD);
    return Arbitraries.oneOf(
        Combinators.combine(request, record, index, bytes, keys).as(VaultMessage.PutShard::new),
        Combinators.combine(request, Arbitraries.of(true, false), Arbitraries.strings().ofMaxLength(100))
            .as(VaultMessage.PutAck::new),
        Combinators.combine(request, record, index).as(VaultMessage.GetShard::new),
        Combinators.combine(request, Arbitraries.integers().between(0, 2), bytes).as(VaultMessage.ShardReply::new),
        Combinators.combine(request, record, reader, bytes).as(VaultMessage.PutKey::new),
        Combinators.combine(request, record, reader).as(VaultMessage.GetKey::new));
  }
}
