package org.medledger.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.medledger.core.codec.DecodeException;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

class TransactionCodecProperties {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final KeyPair KEYS = SUITE.signatures().generateKeyPair(new SecureRandom(new byte[] {1}));
  private static final Signer SIGNER = SUITE.signatures().signer(KEYS);

  @Provide
  Arbitrary<Transaction> transactions() {
    Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20);
    Arbitrary<Map<String, String>> args = Arbitraries.maps(
        Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(10),
        Arbitraries.strings().ofMaxLength(50)).ofMaxSize(6);
    Arbitrary<Hash> senders = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
    return Combinators.combine(names, senders, Arbitraries.longs(), Arbitraries.longs().between(0, Long.MAX_VALUE), names, names, args)
        .as((chain, sender, nonce, ts, contract, method, a) ->
            new Transaction.Payload("intl", chain, sender, nonce, ts, contract, method, Args.of(a)).sign(SIGNER));
  }

  @Property(tries = 300)
  void decodeInvertsEncode(@ForAll("transactions") Transaction tx) {
    Transaction back = Transaction.decode(tx.encoded());
    assertThat(back).isEqualTo(tx);
    assertThat(back.encoded()).isEqualTo(tx.encoded());
    assertThat(back.id(SUITE.hash())).isEqualTo(tx.id(SUITE.hash()));
    assertThat(SUITE.signatures().verifier(KEYS.getPublic()).verify(back.payloadBytes(), back.signature())).isTrue();
  }

  @Property(tries = 300)
  void mutatedBytesFailCleanlyOrChangeTheTransaction(
      @ForAll("transactions") Transaction tx, @ForAll int position, @ForAll byte mask) {
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

  @Property(tries = 200)
  void truncatedBytesAreRejected(@ForAll("transactions") Transaction tx, @ForAll int cut) {
    byte[] bytes = tx.encoded();
    int len = Math.floorMod(cut, bytes.length);
    assertThatThrownBy(() -> Transaction.decode(Arrays.copyOf(bytes, len))).isInstanceOf(DecodeException.class);
  }

  @Property(tries = 100)
  void trailingBytesAreRejected(@ForAll("transactions") Transaction tx) {
    byte[] bytes = Arrays.copyOf(tx.encoded(), tx.encoded().length + 1);
    assertThatThrownBy(() -> Transaction.decode(bytes)).isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
  }
}
