package org.medledger.apps.credentials.vc;

import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * Signatures as a Data Integrity proof carries them: r ‖ s, each 32 bytes big-endian (IEEE
 * P1363; vc-di-ecdsa §3.3.4 for P-256), while the suites' signers speak DER {@code SEQUENCE {r, s}}.
 */
final class P1363Signatures {
  static final int LENGTH = 64;

  private P1363Signatures() {}

  static byte[] fromDer(byte[] der) {
    try {
      ASN1Sequence seq = (ASN1Sequence) ASN1Primitive.fromByteArray(der);
      byte[] out = new byte[LENGTH];
      place(((ASN1Integer) seq.getObjectAt(0)).getValue(), out, 0);
      place(((ASN1Integer) seq.getObjectAt(1)).getValue(), out, LENGTH / 2);
      return out;
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("the signer returned no DER signature", e);
    }
  }

  /** The DER form of r ‖ s; IllegalArgumentException when it is not 64 bytes. */
  static byte[] toDer(byte[] p1363) {
    if (p1363.length != LENGTH) {
      throw new IllegalArgumentException("the signature is " + p1363.length + " bytes, not " + LENGTH + " (r ‖ s)");
    }
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(p1363, 0, LENGTH / 2))));
    v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(p1363, LENGTH / 2, LENGTH))));
    try {
      return new DERSequence(v).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void place(BigInteger n, byte[] out, int offset) {
    byte[] b = n.toByteArray();
    int skip = b.length > LENGTH / 2 ? b.length - LENGTH / 2 : 0;
    System.arraycopy(b, skip, out, offset + LENGTH / 2 - (b.length - skip), b.length - skip);
  }
}
