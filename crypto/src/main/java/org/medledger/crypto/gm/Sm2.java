package org.medledger.crypto.gm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.internal.DerSignatures;
import org.medledger.crypto.internal.EcKeys;

/**
 * SM2 signatures with SM3 (GB/T 32918.2-2016) on curve sm2p256v1. The signer identity Z_A uses
 * the default user id "1234567812345678" of GM/T 0009-2012 §10, as Bouncy Castle's SM3withSM2
 * and the X.509 certificates do, so ledger signatures and certificate signatures agree.
 */
public final class Sm2 implements SignatureScheme {
  public static final byte[] DEFAULT_USER_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
  private static final EcKeys KEYS = new EcKeys("sm2p256v1");
  private final SecureRandom random;

  public Sm2(SecureRandom random) {
    this.random = random;
  }

  @Override
  public String name() {
    return "SM2-SM3";
  }

  @Override
  public String certificateSignatureAlgorithm() {
    return "SM3withSM2";
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom r) {
    return KEYS.generate(r);
  }

  @Override
  public Signer signer(KeyPair keyPair) {
    ECPrivateKeyParameters priv = KEYS.privateParameters(keyPair.getPrivate());
    PublicKey pub = keyPair.getPublic();
    return new Signer() {
      @Override
      public byte[] sign(byte[] message) {
        SM2Signer s = new SM2Signer();
        s.init(true, new ParametersWithID(new ParametersWithRandom(priv, random), DEFAULT_USER_ID));
        s.update(message, 0, message.length);
        try {
          return s.generateSignature();
        } catch (CryptoException e) {
          throw new IllegalStateException("SM2 signing failed", e);
        }
      }

      @Override
      public PublicKey publicKey() {
        return pub;
      }

      @Override
      public String toString() {
        return "Sm2Signer";
      }
    };
  }

  @Override
  public Verifier verifier(PublicKey publicKey) {
    ECPublicKeyParameters pub = KEYS.publicParameters(publicKey);
    BigInteger n = pub.getParameters().getN();
    return (message, signature) -> {
      if (DerSignatures.decode(signature, n) == null) {
        return false;
      }
      SM2Signer s = new SM2Signer();
      s.init(false, new ParametersWithID(pub, DEFAULT_USER_ID));
      s.update(message, 0, message.length);
      return s.verifySignature(signature);
    };
  }

  @Override
  public PublicKey decodePublicKey(byte[] subjectPublicKeyInfo) {
    return KEYS.decodePublic(subjectPublicKeyInfo);
  }

  @Override
  public PrivateKey decodePrivateKey(byte[] pkcs8) {
    return KEYS.decodePrivate(pkcs8);
  }
}
