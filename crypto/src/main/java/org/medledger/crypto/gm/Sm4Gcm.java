package org.medledger.crypto.gm;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.medledger.crypto.Aead;
import org.medledger.crypto.AeadException;

/** SM4 (GB/T 32907-2016) in GCM mode (SP 800-38D, as RFC 8998 uses it). 96-bit nonce, 128-bit tag. */
public final class Sm4Gcm implements Aead {
  @Override
  public String name() {
    return "SM4-GCM";
  }

  @Override
  public int keyLength() {
    return 16;
  }

  @Override
  public int nonceLength() {
    return 12;
  }

  private GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    if (key.length != 16) {
      throw new IllegalArgumentException("SM4 key must be 16 bytes, got " + key.length);
    }
    if (nonce.length != 12) {
      throw new IllegalArgumentException("SM4-GCM nonce must be 12 bytes, got " + nonce.length);
    }
    GCMModeCipher c = GCMBlockCipher.newInstance(new SM4Engine());
    c.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    return c;
  }

  @Override
  public byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
    GCMModeCipher c = cipher(true, key, nonce, associatedData);
    byte[] out = new byte[c.getOutputSize(plaintext.length)];
    int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM4-GCM encryption failed", e);
    }
    return out;
  }

  @Override
  public byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] associatedData) throws AeadException {
    if (ciphertextAndTag.length < 16) {
      throw new AeadException("SM4-GCM ciphertext shorter than its tag", null);
    }
    GCMModeCipher c = cipher(false, key, nonce, associatedData);
    byte[] out = new byte[c.getOutputSize(ciphertextAndTag.length)];
    int n = c.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
    try {
      c.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new AeadException("SM4-GCM tag does not verify: wrong key or altered data", e);
    }
    return out;
  }
}
