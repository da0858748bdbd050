package org.medledger.crypto;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.medledger.crypto.gm.Sm2;
import org.medledger.crypto.gm.Sm2KeyWrap;
import org.medledger.crypto.gm.Sm4Gcm;
import org.medledger.crypto.intl.AesGcm;
import org.medledger.crypto.intl.EcdsaP256;
import org.medledger.crypto.intl.EciesP256KeyWrap;
import org.medledger.crypto.internal.BcDigestHash;
import org.medledger.crypto.internal.JdkSha256;

/** The two suites a genesis may name. */
public final class CryptoSuites {
  private record Suite(String id, HashFunction hash, SignatureScheme signatures, Aead aead, KeyWrap keyWrap) implements CryptoSuite {
    @Override
    public String toString() {
      return id;
    }
  }

  private static final HashFunction SHA256 = new JdkSha256();
  private static final CryptoSuite INTL = new Suite("intl", SHA256, new EcdsaP256(SHA256), new AesGcm(), new EciesP256KeyWrap());
  private static final CryptoSuite GM = new Suite(
      "gm", new BcDigestHash("SM3", SM3Digest::new), new Sm2(), new Sm4Gcm(), new Sm2KeyWrap());

  private CryptoSuites() {}

  /** ECDSA P-256, SHA-256, AES-256-GCM. */
  public static CryptoSuite intl() {
    return INTL;
  }

  /** SM2, SM3, SM4-GCM (Chinese national standards). */
  public static CryptoSuite gm() {
    return GM;
  }

  public static CryptoSuite byId(String id) {
    if ("intl".equals(id)) {
      return INTL;
    }
    if ("gm".equals(id)) {
      return GM;
    }
    throw new IllegalArgumentException("unknown crypto suite '" + id + "' (expected intl or gm)");
  }
}
