package org.medledger.node.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.node.Gens.bytes;
import static org.medledger.node.Gens.stringsOf;
import static org.medledger.node.Gens.text;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.Hash;
import org.medledger.node.Gens;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The vault's node-to-node frames: every frame decodes to what was encoded; damaged frames are refused by name. */
class VaultMessageProperties {

  @Test
  void everyFrameRoundTrips() {
    qt().withExamples(1000).forAll(messages()).checkAssert(m -> {
      VaultMessage back = VaultMessage.decode(VaultMessage.encode(m));
      assertThat(back).usingRecursiveComparison().isEqualTo(m);
    });
  }

  /** A frame cut anywhere from its start to its last byte (the cut in thousandths of its length). */
  @Test
  void aCutFrameIsRefused() {
    qt().withExamples(1000).forAll(messages(), integers().between(0, 999)).checkAssert(VaultMessageProperties::aCutFrameIsRefused);
  }

  static void aCutFrameIsRefused(VaultMessage m, int thousandths) {
    byte[] frame = VaultMessage.encode(m);
    int cut = (int) ((long) frame.length * thousandths / 1000);
    assertThatThrownBy(() -> VaultMessage.decode(java.util.Arrays.copyOf(frame, cut))).isInstanceOf(DecodeException.class);
  }

  @Test
  void aShardCarriesAtMostEightKeys() {
    List<VaultMessage.WrappedKey> nine = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      nine.add(new VaultMessage.WrappedKey("org:o" + i, new byte[97]));
    }
    byte[] frame = VaultMessage.encode(new VaultMessage.PutShard(new VaultRequestId(7, 7), Hash.of(new byte[32]), 1, new byte[10], nine));
    assertThatThrownBy(() -> VaultMessage.decode(frame)).isInstanceOf(DecodeException.class).hasMessageContaining("vault.keys");
  }

  /** Every kind of frame, equally often, with any field values its format allows. */
  static Gen<VaultMessage> messages() {
    Gen<VaultRequestId> request = longs().all().zip(longs().all(), VaultRequestId::new);
    Gen<Hash> record = bytes(32, 32).map(Hash::of);
    Gen<Integer> index = integers().between(0, 0xffff);
    Gen<byte[]> bytes = bytes(0, 300);
    // readers are 'patient' or 'org:<name>': at most 80 UTF-8 bytes
    Gen<String> reader = stringsOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:-", 1, 80);
    Gen<VaultMessage.WrappedKey> key = reader.zip(bytes, VaultMessage.WrappedKey::new);
    Gen<List<VaultMessage.WrappedKey>> keys = lists().of(key).ofSizeBetween(0, VaultMessage.MAX_KEYS_PER_SHARD);
    Gen<VaultMessage> putShard = in -> new VaultMessage.PutShard(request.generate(in), record.generate(in), index.generate(in),
        bytes.generate(in), keys.generate(in));
    return Generate.oneOf(
        putShard,
        request.zip(booleans().all(), text(100), VaultMessage.PutAck::new),
        request.zip(record, index, VaultMessage.GetShard::new),
        request.zip(integers().between(0, 2), bytes, VaultMessage.ShardReply::new),
        request.zip(record, reader, bytes, VaultMessage.PutKey::new),
        request.zip(record, reader, VaultMessage.GetKey::new))
        .describedAs(Gens::describe);
  }
}
