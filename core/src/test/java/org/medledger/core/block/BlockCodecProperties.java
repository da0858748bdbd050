package org.medledger.core.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

class BlockCodecProperties {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {2}));
  private static final Signer SIGNER = SUITE.signatures().signer(KEYS);

  static Block block(long height, int txCount, int seals) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < txCount; i++) {
      txs.add(new Transaction.Payload("intl", "test", Hash.ZERO, i, 1000 + i, "notary", "anchor", Args.of("i", Integer.toString(i))).sign(SIGNER));
    }
    BlockHeader h = new BlockHeader("test", height, Hash.ZERO, hashOf("tx" + height), txCount, hashOf("s"), hashOf("l"), 7 * height, 99, hashOf("p"));
    List<CommitSeal> s = new ArrayList<>();
    for (int i = 0; i < seals; i++) {
      s.add(new CommitSeal(hashOf("v" + i), SIGNER.sign(h.encode())));
    }
    return new Block(h, new CommitCertificate(0, s), txs);
  }

  static Hash hashOf(String s) {
    return Hash.of(SUITE.hash().hash(s.getBytes()));
  }

  @Test
  void blocksRoundTrip() {
    qt().withExamples(50).forAll(longs().between(0, 1000), integers().between(0, 20), integers().between(0, 7))
        .checkAssert(BlockCodecProperties::blocksRoundTrip);
  }

  static void blocksRoundTrip(long height, int txs, int seals) {
    Block b = block(height, txs, seals);
    Block back = Block.decode(b.encode(), Integer.MAX_VALUE);
    assertThat(back.encode()).isEqualTo(b.encode());
    assertThat(back.header()).isEqualTo(b.header());
    assertThat(back.transactions()).isEqualTo(b.transactions());
    assertThat(SignedHeader.decode(b.signedHeader().encode())).isEqualTo(b.signedHeader());
  }

  @Test
  void headerMutationsChangeTheHashOrFailToDecode() {
    qt().withExamples(200).forAll(integers().all(), integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE).map(Integer::byteValue))
        .checkAssert(BlockCodecProperties::headerMutationsChangeTheHashOrFailToDecode);
  }

  static void headerMutationsChangeTheHashOrFailToDecode(int position, byte mask) {
    BlockHeader h = block(5, 0, 0).header();
    byte[] bytes = h.encode();
    bytes[Math.floorMod(position, bytes.length)] ^= (mask == 0 ? 1 : mask);
    try {
      BlockHeader other = BlockHeader.decode(bytes);
      assertThat(other.hash(SUITE.hash())).isNotEqualTo(h.hash(SUITE.hash()));
    } catch (DecodeException | IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
