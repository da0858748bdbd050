package org.medledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.medledger.core.Gens.hashes;
import static org.medledger.core.Gens.stringsOf;
import static org.medledger.core.Gens.text;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.quicktheories.core.Gen;

class TransactionCodecProperties {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {1}));
  private static final Signer SIGNER = SUITE.signatures().signer(KEYS);

  static final Gen<String> NAMES = stringsOf("abcdefghijklmnopqrstuvwxyz", 1, 20);

  /** Up to six arguments, names from a small alphabet, values any text. */
  static final Gen<Map<String, String>> ARGS = in -> {
    Map<String, String> args = new TreeMap<>();
    int size = integers().between(0, 6).generate(in);
    for (int i = 0; i < size; i++) {
      args.put(stringsOf("abcXYZ019_.-", 1, 10).generate(in), text(50).generate(in));
    }
    return args;
  };

  static final Gen<Transaction> TRANSACTIONS = in -> {
    String chain = NAMES.generate(in);
    Hash sender = hashes().generate(in);
    long nonce = longs().all().generate(in);
    long timestamp = longs().between(0, Long.MAX_VALUE).generate(in);
    String contract = NAMES.generate(in);
    String method = NAMES.generate(in);
    return new Transaction.Payload("intl", chain, sender, nonce, timestamp, contract, method, Args.of(ARGS.generate(in))).sign(SIGNER);
  };

  @Test
  void decodeInvertsEncode() {
    qt().withExamples(300).forAll(TRANSACTIONS).checkAssert(TransactionCodecProperties::decodeInvertsEncode);
  }

  static void decodeInvertsEncode(Transaction tx) {
    Transaction back = Transaction.decode(tx.encoded());
    assertThat(back).isEqualTo(tx);
    assertThat(back.encoded()).isEqualTo(tx.encoded());
    assertThat(back.id(SUITE.hash())).isEqualTo(tx.id(SUITE.hash()));
    assertThat(SUITE.signatures().verifier(KEYS.getPublic()).verify(back.payloadBytes(), back.signature())).isTrue();
  }

  @Test
  void mutatedBytesFailCleanlyOrChangeTheTransaction() {
    qt().withExamples(300).forAll(TRANSACTIONS, integers().all(), integers().between(Byte.MIN_VALUE, Byte.MAX_VALUE).map(Integer::byteValue))
        .checkAssert(TransactionCodecProperties::mutatedBytesFailCleanlyOrChangeTheTransaction);
  }

  static void mutatedBytesFailCleanlyOrChangeTheTransaction(Transaction tx, int position, byte mask) {
    byte[] bytes = tx.encoded().clone();
    int i = Math.floorMod(position, bytes.length);
    byte flip = mask == 0 ? 1 : mask;
    bytes[i] ^= flip;
    try {
      Transaction other = Transaction.decode(bytes);
      // Decoding may succeed (a changed nonce is still a transaction) but it is never the same one,
      // and its signature no longer verifies unless only the signature bytes moved.
      assertThat(other).isNotEqualTo(tx);
      assertThat(SUITE.signatures().verifier(KEYS.getPublic()).verify(other.payloadBytes(), other.signature())).isFalse();
    } catch (DecodeException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Test
  void truncatedBytesAreRejected() {
    qt().withExamples(200).forAll(TRANSACTIONS, integers().all()).checkAssert(TransactionCodecProperties::truncatedBytesAreRejected);
  }

  static void truncatedBytesAreRejected(Transaction tx, int cut) {
    byte[] bytes = tx.encoded();
    int len = Math.floorMod(cut, bytes.length);
    assertThatThrownBy(() -> Transaction.decode(Arrays.copyOf(bytes, len))).isInstanceOf(DecodeException.class);
  }

  @Test
  void trailingBytesAreRejected() {
    qt().withExamples(100).forAll(TRANSACTIONS).checkAssert(TransactionCodecProperties::trailingBytesAreRejected);
  }

  static void trailingBytesAreRejected(Transaction tx) {
    byte[] bytes = Arrays.copyOf(tx.encoded(), tx.encoded().length + 1);
    assertThatThrownBy(() -> Transaction.decode(bytes)).isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
  }
}
