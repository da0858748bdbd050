package org.medledger.crypto.gm;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;
import org.medledger.crypto.internal.Bc;
import org.medledger.crypto.internal.DerSignatures;

/**
 * The worked signature example on the recommended curve sm2p256v1: GB/T 32918.5-2017 Appendix A
 * (identical to GM/T 0003.5-2012 Appendix A.2), user id "1234567812345678", message "message
 * digest". With the standard's k, our signer must produce its r and s exactly.
 */
class Sm2StandardExampleTest {
  static final BigInteger D = new BigInteger("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8", 16);
  static final BigInteger XA = new BigInteger("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020", 16);
  static final BigInteger YA = new BigInteger("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13", 16);
  static final String ZA = "b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3";
  static final BigInteger K = new BigInteger("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21", 16);
  static final BigInteger R = new BigInteger("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3", 16);
  static final BigInteger S = new BigInteger("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA", 16);
  static final byte[] MESSAGE = "message digest".getBytes(StandardCharsets.US_ASCII);
  static final byte[] ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
  static final ECNamedCurveParameterSpec SM2P256V1 = ECNamedCurveTable.getParameterSpec("sm2p256v1");

  static KeyPair standardKey() throws Exception {
    KeyFactory f = KeyFactory.getInstance("EC", Bc.provider());
    ECPoint q = SM2P256V1.getCurve().createPoint(XA, YA);
    return new KeyPair(f.generatePublic(new ECPublicKeySpec(q, SM2P256V1)), f.generatePrivate(new ECPrivateKeySpec(D, SM2P256V1)));
  }

  /** The standard's k, as its example fixes it (GB/T 32918.2 §6.1 step A3). */
  static DSAKCalculator standardK() {
    return new DSAKCalculator() {
      @Override
      public boolean isDeterministic() {
        return true;
      }

      @Override
      public void init(BigInteger n, SecureRandom random) {
        throw new IllegalStateException("deterministic");
      }

      @Override
      public void init(BigInteger n, BigInteger d, byte[] message) {}

      @Override
      public BigInteger nextK() {
        return K;
      }
    };
  }

  @Test
  void thePublicKeyIsDTimesG() {
    ECPoint q = SM2P256V1.getG().multiply(D).normalize();
    assertThat(q.getAffineXCoord().toBigInteger()).isEqualTo(XA);
    assertThat(q.getAffineYCoord().toBigInteger()).isEqualTo(YA);
  }

  @Test
  void zaMatchesTheStandard() throws Exception {
    ECPublicKeyParameters pub = Sm2.KEYS.publicParameters(standardKey().getPublic());
    assertThat(Hex.encode(Sm2Identity.z(ID, pub))).isEqualTo(ZA);
  }

  @Test
  void signingWithTheStandardsKGivesItsRAndS() throws Exception {
    Sm2 withStandardK = new Sm2(ID, Sm2StandardExampleTest::standardK);
    byte[] sig = withStandardK.signer(standardKey()).sign(MESSAGE);
    assertThat(DerSignatures.decode(sig, SM2P256V1.getN())).containsExactly(R, S);
  }

  @Test
  void thePublishedSignatureVerifiesHereInBouncyCastleAndInJca() throws Exception {
    KeyPair kp = standardKey();
    byte[] sig = DerSignatures.encode(R, S);
    assertThat(CryptoSuites.gm().signatures().verifier(kp.getPublic()).verify(MESSAGE, sig)).isTrue();

    SM2Signer bc = new SM2Signer();
    bc.init(false, new ParametersWithID(Sm2.KEYS.publicParameters(kp.getPublic()), ID));
    bc.update(MESSAGE, 0, MESSAGE.length);
    assertThat(bc.verifySignature(sig)).isTrue();

    Signature jca = Signature.getInstance("SM3withSM2", Bc.provider());
    jca.initVerify(kp.getPublic());
    jca.update(MESSAGE);
    assertThat(jca.verify(sig)).isTrue();
  }

  @Test
  void thePublishedSignatureFailsForAnyOtherMessageOrValue() throws Exception {
    var v = CryptoSuites.gm().signatures().verifier(standardKey().getPublic());
    assertThat(v.verify("message digesT".getBytes(StandardCharsets.US_ASCII), DerSignatures.encode(R, S))).isFalse();
    assertThat(v.verify(MESSAGE, DerSignatures.encode(R.add(BigInteger.ONE), S))).isFalse();
    assertThat(v.verify(MESSAGE, DerSignatures.encode(R, S.subtract(BigInteger.ONE)))).isFalse();
    assertThat(v.verify(MESSAGE, DerSignatures.encode(R, SM2P256V1.getN().subtract(S)))).isFalse();
  }
}
