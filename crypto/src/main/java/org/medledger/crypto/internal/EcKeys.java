package org.medledger.crypto.internal;

import java.math.BigInteger;
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
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;

/**
 * JCA key objects for one named curve, and their Bouncy Castle lightweight parameters. Keys are
 * re-based onto Bouncy Castle's specialised curve implementation ({@code SecP256R1Curve},
 * {@code SM2P256V1Curve}), whose field arithmetic is several times faster than the generic one,
 * and public points are validated (on the curve, not the point at infinity; SEC 1 §3.2.2).
 */
public final class EcKeys {
  private final String curve;
  private final ECDomainParameters domain;

  public EcKeys(String curve) {
    this.curve = curve;
    X9ECParameters x9 = CustomNamedCurves.getByName(curve);
    if (x9 == null) {
      x9 = ECNamedCurveTable.getByName(curve);
    }
    if (x9 == null) {
      throw new IllegalArgumentException("unknown curve " + curve);
    }
    this.domain = new ECDomainParameters(x9);
  }

  /** The curve, base point and order, on the specialised implementation. */
  public ECDomainParameters domain() {
    return domain;
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
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("not a " + curve + " public key (X.509 SubjectPublicKeyInfo): " + e.getMessage());
    }
  }

  public PrivateKey decodePrivate(byte[] pkcs8) {
    try {
      PrivateKey k = KeyFactory.getInstance("EC", Bc.provider()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      privateParameters(k);
      return k;
    } catch (GeneralSecurityException | RuntimeException e) {
      // The cause's message may quote key bytes: name only what was expected.
      throw new IllegalArgumentException("not a " + curve + " private key (PKCS#8)");
    }
  }

  public ECPublicKeyParameters publicParameters(PublicKey k) {
    ECPublicKeyParameters p;
    try {
      p = (ECPublicKeyParameters) ECUtil.generatePublicKeyParameter(k);
    } catch (InvalidKeyException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not an EC public key on " + curve);
    }
    requireSameCurve(p);
    ECPoint q = domain.getCurve().importPoint(p.getQ());
    // The constructor validates the point (ECDomainParameters.validatePublicPoint).
    return new ECPublicKeyParameters(q, domain);
  }

  public ECPrivateKeyParameters privateParameters(PrivateKey k) {
    ECPrivateKeyParameters p;
    try {
      p = (ECPrivateKeyParameters) ECUtil.generatePrivateKeyParameter(k);
    } catch (InvalidKeyException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not an EC private key on " + curve);
    }
    requireSameCurve(p);
    BigInteger d = p.getD();
    if (d.signum() <= 0 || d.compareTo(domain.getN()) >= 0) {
      throw new IllegalArgumentException("EC private key out of range for " + curve);
    }
    return new ECPrivateKeyParameters(d, domain);
  }

  /** The public point d·G of a private key, for checking that a key pair belongs together. */
  public ECPoint publicPoint(ECPrivateKeyParameters priv) {
    return domain.getG().multiply(priv.getD()).normalize();
  }

  private void requireSameCurve(ECKeyParameters p) {
    ECDomainParameters d = p.getParameters();
    if (!domain.getCurve().equals(d.getCurve()) || !domain.getG().equals(d.getG()) || !domain.getN().equals(d.getN())) {
      throw new IllegalArgumentException("key is not on curve " + curve);
    }
  }
}
