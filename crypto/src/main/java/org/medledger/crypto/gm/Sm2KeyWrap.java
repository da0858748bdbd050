package org.medledger.crypto.gm;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.KeyWrap;
import org.medledger.crypto.internal.EcKeys;

/**
 * SM2 public-key encryption (GB/T 32918.4-2016) of the data key on the recommended curve
 * sm2p256v1, with SM3 as its hash and the ciphertext in the standard's current order
 * C1 ‖ C3 ‖ C2 (point, SM3 check value, masked key). Its check value C3 = SM3(x2 ‖ M ‖ y2) makes
 * a wrapping for another key, or an altered one, fail.
 */
public final class Sm2KeyWrap implements KeyWrap {
  private static final EcKeys KEYS = Sm2.KEYS;

  @Override
  public String name() {
    return "SM2-ENC-C1C3C2";
  }

  @Override
  public byte[] wrap(PublicKey recipient, byte[] dataKey, SecureRandom random) {
    SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
    engine.init(true, new ParametersWithRandom(KEYS.publicParameters(recipient), random));
    try {
      return engine.processBlock(dataKey, 0, dataKey.length);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("SM2 encryption failed", e);
    }
  }

  @Override
  public byte[] unwrap(PrivateKey recipient, byte[] wrapped) throws AeadException {
    SM2Engine engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
    engine.init(false, KEYS.privateParameters(recipient));
    try {
      return engine.processBlock(wrapped, 0, wrapped.length);
    } catch (InvalidCipherTextException | IllegalArgumentException | IllegalStateException e) {
      throw new AeadException("the SM2-wrapped key does not decrypt with this key (altered, or for another key)", e);
    }
  }
}
