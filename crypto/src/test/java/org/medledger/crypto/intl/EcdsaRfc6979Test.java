package org.medledger.crypto.intl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.internal.Bc;
import org.medledger.crypto.internal.DerSignatures;

/** RFC 6979 Appendix A.2.5: ECDSA, 256 bits (prime field), with SHA-256. */
class EcdsaRfc6979Test {
  static final BigInteger X = new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16);
  static final BigInteger UX = new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16);
  static final BigInteger UY = new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16);
  static final ECNamedCurveParameterSpec P256 = ECNamedCurveTable.getParameterSpec("secp256r1");
  final SignatureScheme ecdsa = CryptoSuites.intl().signatures();

  static KeyPair rfcKey() throws Exception {
    KeyFactory f = KeyFactory.getInstance("EC", Bc.provider());
    PrivateKey priv = f.generatePrivate(new ECPrivateKeySpec(X, P256));
    PublicKey pub = f.generatePublic(new ECPublicKeySpec(P256.getCurve().createPoint(UX, UY), P256));
    return new KeyPair(pub, priv);
  }

  void check(String message, String r, String s) throws Exception {
    KeyPair kp = rfcKey();
    byte[] msg = message.getBytes(StandardCharsets.US_ASCII);
    BigInteger n = P256.getN();
    BigInteger rfcS = new BigInteger(s, 16);
    BigInteger lowS = rfcS.compareTo(n.shiftRight(1)) > 0 ? n.subtract(rfcS) : rfcS;
    byte[] sig = ecdsa.signer(kp).sign(msg);
    BigInteger[] rs = DerSignatures.decode(sig, n);
    assertThat(rs[0]).isEqualTo(new BigInteger(r, 16));
    assertThat(rs[1]).isEqualTo(lowS);
    // The published (possibly high-S) signature verifies too.
    assertThat(ecdsa.verifier(kp.getPublic()).verify(msg, DerSignatures.encode(new BigInteger(r, 16), rfcS))).isTrue();
    assertThat(ecdsa.verifier(kp.getPublic()).verify("other".getBytes(), sig)).isFalse();
  }

  @Test
  void sample() throws Exception {
    check("sample", "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
        "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
  }

  @Test
  void test() throws Exception {
    check("test", "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
        "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083");
  }
}
