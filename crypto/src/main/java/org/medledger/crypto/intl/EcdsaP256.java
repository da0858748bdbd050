package org.medledger.crypto.intl;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.internal.DerSignatures;
import org.medledger.crypto.internal.EcKeys;

/**
 * ECDSA over P-256 with SHA-256 (FIPS 186-4 §6, SEC 1 §4.1), through Bouncy Castle's lightweight
 * API: its verify is roughly ten times the JDK's SunEC here (see the bench module).
 *
 * <p>Signing is deterministic: k comes from RFC 6979 §3.2 (HMAC-SHA-256), so one key and message
 * give one signature and a broken random source cannot leak the key. The signature is the DER
 * {@code SEQUENCE {r, s}} that X.509 and JCA use, with s normalised to the low half (s ≤ n/2), as
 * Bitcoin's BIP 62 does, so our own signatures have a single form.
 *
 * <p>Verification rejects anything but strict DER with 0 &lt; r, s &lt; n, but accepts both s
 * and n − s: signatures made elsewhere (JCA, OpenSSL, HSMs) are not normalised. The consequence
 * is that anyone can turn a valid signature into a second valid one; identities derived from
 * signed bytes must therefore not be used for replay protection (the ledger uses sender + nonce).
 */
public final class EcdsaP256 implements SignatureScheme {
  private static final EcKeys KEYS = new EcKeys("secp256r1");
  private final HashFunction sha256;

  public EcdsaP256(HashFunction sha256) {
    if (!"SHA-256".equals(sha256.algorithm())) {
      throw new IllegalArgumentException("ECDSA-P256-SHA256 needs SHA-256, got " + sha256.algorithm());
    }
    this.sha256 = sha256;
  }

  @Override
  public String name() {
    return "ECDSA-P256-SHA256";
  }

  @Override
  public String certificateSignatureAlgorithm() {
    return "SHA256withECDSA";
  }

  @Override
  public KeyPair generateKeyPair(SecureRandom random) {
    return KEYS.generate(random);
  }

  @Override
  public Signer signer(KeyPair keyPair) {
    ECPrivateKeyParameters priv = KEYS.privateParameters(keyPair.getPrivate());
    ECPublicKeyParameters pub = KEYS.publicParameters(keyPair.getPublic());
    if (!KEYS.publicPoint(priv).equals(pub.getQ())) {
      throw new IllegalArgumentException("the ECDSA private and public keys do not belong together");
    }
    return new EcdsaSigner(priv, keyPair.getPublic());
  }

  /** Holds the private key; prints nothing of it. */
  private final class EcdsaSigner implements Signer {
    private final ECPrivateKeyParameters priv;
    private final PublicKey pub;
    private final BigInteger n;
    private final BigInteger halfN;

    EcdsaSigner(ECPrivateKeyParameters priv, PublicKey pub) {
      this.priv = priv;
      this.pub = pub;
      this.n = priv.getParameters().getN();
      this.halfN = n.shiftRight(1);
    }

    @Override
    public byte[] sign(byte[] message) {
      // A fresh ECDSASigner per call (cheap) keeps the signer thread-safe; the base-point
      // comb table it uses is cached on the shared generator point.
      ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      s.init(true, priv);
      BigInteger[] rs = s.generateSignature(sha256.hash(message));
      BigInteger low = rs[1].compareTo(halfN) > 0 ? n.subtract(rs[1]) : rs[1];
      return DerSignatures.encode(rs[0], low);
    }

    @Override
    public PublicKey publicKey() {
      return pub;
    }

    @Override
    public String toString() {
      return "EcdsaP256Signer";
    }
  }

  /**
   * The key is decoded and validated once here; Bouncy Castle then caches its wNAF table on the
   * point, so repeated verifications under one key skip that precomputation.
   */
  @Override
  public Verifier verifier(PublicKey publicKey) {
    ECPublicKeyParameters pub = KEYS.publicParameters(publicKey);
    BigInteger n = pub.getParameters().getN();
    return (message, signature) -> {
      if (message == null) {
        return false;
      }
      BigInteger[] rs = DerSignatures.decode(signature, n);
      if (rs == null) {
        return false;
      }
      ECDSASigner s = new ECDSASigner();
      s.init(false, pub);
      return s.verifySignature(sha256.hash(message), rs[0], rs[1]);
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
