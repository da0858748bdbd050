package org.medledger.crypto.intl;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.medledger.crypto.Aead;
import org.medledger.crypto.AeadException;

/** AES-256-GCM (NIST SP 800-38D) from the JDK, which uses AES-NI and CLMUL. 96-bit nonce, 128-bit tag. */
public final class AesGcm implements Aead {
  @Override
  public String name() {
    return "AES-256-GCM";
  }

  @Override
  public int keyLength() {
    return 32;
  }

  @Override
  public int nonceLength() {
    return 12;
  }

  private Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
    if (key.length != 32) {
      throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes, got " + key.length);
    }
    if (nonce.length != 12) {
      throw new IllegalArgumentException("AES-256-GCM nonce must be 12 bytes, got " + nonce.length);
    }
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    if (aad != null && aad.length > 0) {
      c.updateAAD(aad);
    }
    return c;
  }

  @Override
  public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  @Override
  public byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) throws AeadException {
    try {
      return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData).doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      throw new AeadException("AES-GCM tag does not verify: wrong key or altered data", e);
    } catch (GeneralSecurityException e) {
      throw new AeadException("AES-GCM decryption failed: " + e.getMessage(), e);
    }
  }
}
