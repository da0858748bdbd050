package org.medledger.crypto.gm;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.medledger.crypto.SignatureScheme;
import org.medledger.crypto.Signer;
import org.medledger.crypto.Verifier;
import org.medledger.crypto.internal.DerSignatures;
import org.medledger.crypto.internal.EcKeys;

/**
 * SM2 signatures with SM3 (GB/T 32918.2-2016) on curve sm2p256v1 (GB/T 32918.5-2017). The signer
 * identity Z_A uses the default user id "1234567812345678" of GM/T 0009-2012 §10, as Bouncy
 * Castle's SM3withSM2 and our X.509 certificates do, so ledger and certificate signatures agree.
 * Signatures are the DER {@code SEQUENCE {r, s}} of GM/T 0009 §7.2.
 *
 * <p>Verification is Bouncy Castle's {@link SM2Signer}. Signing is {@link Sm2KeySigner}, because
 * SM2Signer draws k only from a random source: ours derives k deterministically (the RFC 6979 §3.2
 * construction with HMAC-SM3), so signing needs no entropy, cannot leak the key through a weak
 * random source, and a seeded simulation replays byte for byte. Deterministic k is
 * indistinguishable from random k to a verifier; the two implementations check each other in the
 * tests, and the standard's own worked example pins the signing arithmetic.
 */
public final class Sm2 implements SignatureScheme {
  /** GM/T 0009-2012 §10: the user id to use when the parties have agreed on no other. */
  public static final String DEFAULT_USER_ID = "1234567812345678";

  static final EcKeys KEYS = new EcKeys("sm2p256v1");
  private final byte[] userId;
  private final Supplier<DSAKCalculator> nonces;

  public Sm2() {
    this(DEFAULT_USER_ID.getBytes(StandardCharsets.US_ASCII), () -> new HMacDSAKCalculator(new SM3Digest()));
  }

  /** For the standard's worked example, which fixes k; production code uses {@link #Sm2()}. */
  Sm2(byte[] userId, Supplier<DSAKCalculator> nonces) {
    // ENTL_A is two bytes of bit length (GB/T 32918.2 §5.5).
    if (userId.length > 8191) {
      throw new IllegalArgumentException("SM2 user id longer than 8191 bytes");
    }
    this.userId = userId.clone();
    this.nonces = nonces;
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
  public KeyPair generateKeyPair(SecureRandom random) {
    return KEYS.generate(random);
  }

  @Override
  public Signer signer(KeyPair keyPair) {
    ECPrivateKeyParameters priv = KEYS.privateParameters(keyPair.getPrivate());
    ECPublicKeyParameters pub = KEYS.publicParameters(keyPair.getPublic());
    if (!KEYS.publicPoint(priv).equals(pub.getQ())) {
      throw new IllegalArgumentException("the SM2 private and public keys do not belong together");
    }
    return new Sm2KeySigner(priv, Sm2Identity.z(userId, pub), keyPair.getPublic(), nonces);
  }

  @Override
  public Verifier verifier(PublicKey publicKey) {
    ECPublicKeyParameters pub = KEYS.publicParameters(publicKey);
    BigInteger n = pub.getParameters().getN();
    ParametersWithID params = new ParametersWithID(pub, userId);
    return (message, signature) -> {
      if (message == null || DerSignatures.decode(signature, n) == null) {
        return false;
      }
      SM2Signer s = new SM2Signer();
      s.init(false, params);
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
