package org.medledger.crypto.gm;

import java.math.BigInteger;
import java.security.PublicKey;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.DSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;
import org.medledger.crypto.Signer;
import org.medledger.crypto.internal.DerSignatures;

/**
 * SM2 signature generation, GB/T 32918.2-2016 §6.1 steps A1-A7, with k from a deterministic
 * {@link DSAKCalculator}. Thread-safe: per-call state lives on the stack. Prints nothing of the
 * key.
 */
final class Sm2KeySigner implements Signer {
  private final ECDomainParameters domain;
  private final BigInteger d;
  private final BigInteger inverseOfOnePlusD;
  private final byte[] z;
  private final PublicKey publicKey;
  private final Supplier<DSAKCalculator> nonces;

  Sm2KeySigner(ECPrivateKeyParameters priv, byte[] z, PublicKey publicKey, Supplier<DSAKCalculator> nonces) {
    this.domain = priv.getParameters();
    this.d = priv.getD();
    BigInteger n = domain.getN();
    // (1 + d) must be invertible mod n, so d = n - 1 is not a valid SM2 key (§6.1 A6).
    if (d.add(BigInteger.ONE).equals(n)) {
      throw new IllegalArgumentException("SM2 private key out of range");
    }
    this.inverseOfOnePlusD = BigIntegers.modOddInverse(n, d.add(BigInteger.ONE));
    this.z = z.clone();
    this.publicKey = publicKey;
    this.nonces = nonces;
  }

  @Override
  public byte[] sign(byte[] message) {
    BigInteger n = domain.getN();
    // A1-A2: e = SM3(Z_A ‖ M).
    SM3Digest h = new SM3Digest();
    h.update(z, 0, z.length);
    h.update(message, 0, message.length);
    byte[] eBytes = new byte[32];
    h.doFinal(eBytes, 0);
    BigInteger e = new BigInteger(1, eBytes);
    DSAKCalculator k = nonces.get();
    if (!k.isDeterministic()) {
      throw new IllegalStateException("SM2 signing is configured with a non-deterministic nonce source");
    }
    k.init(n, d, eBytes);
    FixedPointCombMultiplier base = new FixedPointCombMultiplier();
    while (true) {
      // A3-A4: (x1, y1) = [k]G.
      BigInteger kv = k.nextK();
      ECPoint p = base.multiply(domain.getG(), kv).normalize();
      // A5: r = (e + x1) mod n; retry if r = 0 or r + k = n.
      BigInteger r = e.add(p.getAffineXCoord().toBigInteger()).mod(n);
      if (r.signum() == 0 || r.add(kv).equals(n)) {
        continue;
      }
      // A6: s = ((1 + d)^-1 · (k − r·d)) mod n; retry if s = 0.
      BigInteger s = inverseOfOnePlusD.multiply(kv.subtract(r.multiply(d)).mod(n)).mod(n);
      if (s.signum() == 0) {
        continue;
      }
      // A7: the signature (r, s), DER as GM/T 0009 §7.2.
      return DerSignatures.encode(r, s);
    }
  }

  @Override
  public PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "Sm2Signer";
  }
}
