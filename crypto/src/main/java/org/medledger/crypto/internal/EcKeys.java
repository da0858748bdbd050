package org.medledger.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/** JCA key objects for a named curve, and their Bouncy Castle lightweight parameters. */
public final class EcKeys {
  private final String curve;

  public EcKeys(String curve) {
    this.curve = curve;
  }

  public KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Bc.provider());
      g.initialize(new ECGenParameterSpec(curve), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate " + curve + " key", e);
    }
  }

  public PublicKey decodePublic(byte[] spki) {
    try {
      PublicKey k = KeyFactory.getInstance("EC", Bc.provider()).generatePublic(new X509EncodedKeySpec(spki));
      publicParameters(k);
      return k;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a " + curve + " public key (X.509 SubjectPublicKeyInfo): " + e.getMessage());
    }
  }

  public PrivateKey decodePrivate(byte[] pkcs8) {
    try {
      PrivateKey k = KeyFactory.getInstance("EC", Bc.provider()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      privateParameters(k);
      return k;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // Never include key bytes in the message.
      throw new IllegalArgumentException("not a " + curve + " private key (PKCS#8)");
    }
  }

  public ECPublicKeyParameters publicParameters(PublicKey k) {
    try {
      ECPublicKeyParameters p = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(k);
      checkCurve(p.getParameters().getN().bitLength(), p.getParameters().getCurve().getFieldSize());
      if (!sameCurve(p.getParameters())) {
        throw new IllegalArgumentException("key is not on curve " + curve);
      }
      return p;
    } catch (InvalidKeyException | ClassCastException e) {
      throw new IllegalArgumentException("not an EC public key on " + curve);
    }
  }

  public ECPrivateKeyParameters privateParameters(PrivateKey k) {
    try {
      ECPrivateKeyParameters p = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(k);
      if (!sameCurve(p.getParameters())) {
        throw new IllegalArgumentException("key is not on curve " + curve);
      }
      return p;
    } catch (InvalidKeyException | ClassCastException e) {
      throw new IllegalArgumentException("not an EC private key on " + curve);
    }
  }

  private boolean sameCurve(org.bouncycastle.crypto.params.ECDomainParameters d) {
    org.bouncycastle.asn1.x9.X9ECParameters x = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName(curve);
    return x != null && x.getCurve().equals(d.getCurve()) && x.getG().equals(d.getG()) && x.getN().equals(d.getN());
  }

  private static void checkCurve(int nBits, int fieldBits) {
    if (nBits != 256 || fieldBits != 256) {
      throw new IllegalArgumentException("expected a 256-bit curve");
    }
  }
}
