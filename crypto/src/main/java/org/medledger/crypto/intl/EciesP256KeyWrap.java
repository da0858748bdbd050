package org.medledger.crypto.intl;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.BigIntegers;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.KeyWrap;
import org.medledger.crypto.internal.EcKeys;

/**
 * ECIES on P-256: an ephemeral key pair e; z = the x coordinate of e·Q (Q the recipient's public
 * key, SEC 1 §3.3.1); KEK = HKDF-SHA256(salt = E, ikm = z, info = "medledger/keywrap/v1", 32
 * bytes) (RFC 5869), E the ephemeral public point uncompressed (65 bytes); the output is
 * E ‖ AES-256-GCM(KEK, nonce = 12 zero bytes, data key, associated data = E ‖ Q uncompressed).
 * The zero nonce is safe because each KEK encrypts exactly one message.
 */
public final class EciesP256KeyWrap implements KeyWrap {
  private static final EcKeys KEYS = new EcKeys("secp256r1");
  private static final byte[] INFO = "medledger/keywrap/v1".getBytes(StandardCharsets.UTF_8);
  private static final int POINT = 65;
  private final AesGcm aead = new AesGcm();

  @Override
  public String name() {
    return "ECIES-P256-HKDF-SHA256-AES256GCM";
  }

  @Override
  public byte[] wrap(PublicKey recipient, byte[] dataKey, SecureRandom random) {
    ECPublicKeyParameters q = KEYS.publicParameters(recipient);
    BigInteger n = KEYS.domain().getN();
    BigInteger e = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
    byte[] ephemeral = KEYS.domain().getG().multiply(e).normalize().getEncoded(false);
    byte[] kek = kek(q.getQ().multiply(e), ephemeral);
    byte[] sealed = aead.seal(kek, new byte[aead.nonceLength()], dataKey, associated(ephemeral, q.getQ()));
    Arrays.fill(kek, (byte) 0);
    byte[] out = Arrays.copyOf(ephemeral, POINT + sealed.length);
    System.arraycopy(sealed, 0, out, POINT, sealed.length);
    return out;
  }

  @Override
  public byte[] unwrap(PrivateKey recipient, byte[] wrapped) throws AeadException {
    if (wrapped.length < POINT + 16) {
      throw new AeadException("a wrapped key is at least " + (POINT + 16) + " bytes, got " + wrapped.length);
    }
    ECPrivateKeyParameters d = KEYS.privateParameters(recipient);
    byte[] ephemeral = Arrays.copyOf(wrapped, POINT);
    ECPoint e;
    try {
      e = KEYS.domain().getCurve().decodePoint(ephemeral);
    } catch (IllegalArgumentException ex) {
      throw new AeadException("the wrapped key's ephemeral point is not on P-256");
    }
    if (e.isInfinity() || !e.isValid()) {
      throw new AeadException("the wrapped key's ephemeral point is not on P-256");
    }
    byte[] kek = kek(e.multiply(d.getD()), ephemeral);
    try {
      return aead.open(kek, new byte[aead.nonceLength()], Arrays.copyOfRange(wrapped, POINT, wrapped.length),
          associated(ephemeral, KEYS.publicPoint(d)));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] kek(ECPoint shared, byte[] ephemeral) {
    ECPoint s = shared.normalize();
    if (s.isInfinity()) {
      throw new IllegalArgumentException("degenerate shared point");
    }
    byte[] z = BigIntegers.asUnsignedByteArray(32, s.getAffineXCoord().toBigInteger());
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(z, ephemeral, INFO));
    byte[] kek = new byte[32];
    hkdf.generateBytes(kek, 0, kek.length);
    Arrays.fill(z, (byte) 0);
    return kek;
  }

  private static byte[] associated(byte[] ephemeral, ECPoint recipient) {
    byte[] q = recipient.normalize().getEncoded(false);
    byte[] ad = Arrays.copyOf(ephemeral, ephemeral.length + q.length);
    System.arraycopy(q, 0, ad, ephemeral.length, q.length);
    return ad;
  }
}
