package org.medledger.crypto.intl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.internal.DerSignatures;

/**
 * Signatures are strict DER SEQUENCE {r, s} (X.690 §10, SEC 1 §C.5): exactly one byte form is
 * accepted for a given (r, s), and our signer always emits the low-S one.
 */
class EcdsaSignatureEncodingTest {
  static final BigInteger N = ECNamedCurveTable.getByName("secp256r1").getN();
  final SignatureScheme ecdsa = CryptoSuites.intl().signatures();
  final KeyPair kp = ecdsa.generateKeyPair(new SecureRandom());
  final Verifier verifier = ecdsa.verifier(kp.getPublic());
  final byte[] msg = {1, 2, 3};

  @Test
  void signsWithLowSOnly() {
    for (int i = 0; i < 64; i++) {
      byte[] m = {(byte) i};
      BigInteger[] rs = DerSignatures.decode(ecdsa.signer(kp).sign(m), N);
      assertThat(rs[1]).isLessThanOrEqualTo(N.shiftRight(1));
    }
  }

  @Test
  void acceptsTheHighSTwinOfAValidSignature() {
    BigInteger[] rs = DerSignatures.decode(ecdsa.signer(kp).sign(msg), N);
    assertThat(verifier.verify(msg, DerSignatures.encode(rs[0], N.subtract(rs[1])))).isTrue();
  }

  @Test
  void rejectsEveryOtherByteFormOfAValidSignature() {
    byte[] sig = ecdsa.signer(kp).sign(msg);
    assertThat(verifier.verify(msg, sig)).isTrue();
    BigInteger[] rs = DerSignatures.decode(sig, N);
    byte[] r = rs[0].toByteArray();
    byte[] s = rs[1].toByteArray();

    // Trailing garbage after the SEQUENCE.
    assertThat(verifier.verify(msg, concat(sig, new byte[] {0}))).isFalse();
    // Long-form length where the short form fits (BER, not DER).
    assertThat(verifier.verify(msg, concat(new byte[] {0x30, (byte) 0x81, sig[1]}, Arrays.copyOfRange(sig, 2, sig.length))))
        .isFalse();
    // A redundant leading zero on r.
    assertThat(verifier.verify(msg, seq(concat(new byte[] {0}, r), s))).isFalse();
    // Wrong outer tag (SET instead of SEQUENCE).
    byte[] set = sig.clone();
    set[0] = 0x31;
    assertThat(verifier.verify(msg, set)).isFalse();
    // Truncated, empty, missing.
    assertThat(verifier.verify(msg, Arrays.copyOf(sig, sig.length - 1))).isFalse();
    assertThat(verifier.verify(msg, new byte[0])).isFalse();
    assertThat(verifier.verify(msg, null)).isFalse();
    // Raw r ‖ s (IEEE P1363) instead of DER.
    assertThat(verifier.verify(msg, concat(fixed(rs[0]), fixed(rs[1])))).isFalse();
  }

  @Test
  void rejectsOutOfRangeIntegers() {
    BigInteger[] rs = DerSignatures.decode(ecdsa.signer(kp).sign(msg), N);
    assertThat(verifier.verify(msg, DerSignatures.encode(BigInteger.ZERO, rs[1]))).isFalse();
    assertThat(verifier.verify(msg, DerSignatures.encode(rs[0], BigInteger.ZERO))).isFalse();
    assertThat(verifier.verify(msg, DerSignatures.encode(rs[0], rs[1].add(N)))).isFalse();
    assertThat(verifier.verify(msg, DerSignatures.encode(rs[0].add(N), rs[1]))).isFalse();
    assertThat(verifier.verify(msg, DerSignatures.encode(rs[0].negate(), rs[1]))).isFalse();
    assertThat(verifier.verify(msg, DerSignatures.encode(rs[0], N))).isFalse();
  }

  static byte[] fixed(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  static byte[] seq(byte[] r, byte[] s) {
    byte[] body = concat(concat(new byte[] {0x02, (byte) r.length}, r), concat(new byte[] {0x02, (byte) s.length}, s));
    return concat(new byte[] {0x30, (byte) body.length}, body);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theHelperBuildsWhatTheEncoderBuilds() {
    // Guards the malformed cases above: seq(...) of minimal integers is the DER encoding itself.
    BigInteger r = new BigInteger("00ff", 16);
    BigInteger s = BigInteger.valueOf(5);
    assertThat(Hex.encode(seq(r.toByteArray(), s.toByteArray()))).isEqualTo(Hex.encode(DerSignatures.encode(r, s)));
  }
}
