package org.medledger.crypto.gm;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A), GB/T 32918.2-2016 §5.5: binds a
 * signature to the signer's id and public key. Every value is fixed per key, so signers compute
 * it once.
 */
final class Sm2Identity {
  private Sm2Identity() {}

  static byte[] z(byte[] userId, ECPublicKeyParameters pub) {
    ECDomainParameters d = pub.getParameters();
    SM3Digest h = new SM3Digest();
    int entl = userId.length * 8;
    h.update((byte) (entl >>> 8));
    h.update((byte) entl);
    h.update(userId, 0, userId.length);
    add(h, d.getCurve().getA());
    add(h, d.getCurve().getB());
    ECPoint g = d.getG().normalize();
    add(h, g.getAffineXCoord());
    add(h, g.getAffineYCoord());
    ECPoint q = pub.getQ().normalize();
    add(h, q.getAffineXCoord());
    add(h, q.getAffineYCoord());
    byte[] z = new byte[h.getDigestSize()];
    h.doFinal(z, 0);
    return z;
  }

  private static void add(SM3Digest h, ECFieldElement e) {
    byte[] b = e.getEncoded();
    h.update(b, 0, b.length);
  }
}
