package org.medledger.crypto.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * DER SEQUENCE { r INTEGER, s INTEGER } for ECDSA (SEC 1 §C.5) and SM2 (GM/T 0009). Decoding is
 * strict: only the one DER encoding is accepted, so a signature has no second byte form.
 */
public final class DerSignatures {
  private DerSignatures() {}

  public static byte[] encode(BigInteger r, BigInteger s) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(r));
    v.add(new ASN1Integer(s));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {r, s} or null when the bytes are not a strict DER signature with 0 < r, s < n. */
  public static BigInteger[] decode(byte[] sig, BigInteger n) {
    if (sig == null || sig.length < 8 || sig.length > 80) {
      return null;
    }
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(sig);
      if (!(p instanceof ASN1Sequence seq) || seq.size() != 2
          || !(seq.getObjectAt(0) instanceof ASN1Integer ri) || !(seq.getObjectAt(1) instanceof ASN1Integer si)) {
        return null;
      }
      BigInteger r = ri.getValue();
      BigInteger s = si.getValue();
      if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
        return null;
      }
      if (!Arrays.equals(encode(r, s), sig)) {
        return null;
      }
      return new BigInteger[] {r, s};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
