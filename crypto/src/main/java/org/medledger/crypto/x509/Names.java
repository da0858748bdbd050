package org.medledger.crypto.x509;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads O, OU and CN from certificate names. */
public final class Names {
  private Names() {}

  public static String organisation(X509Certificate c) {
    return attribute(X500Name.getInstance(c.getSubjectX500Principal().getEncoded()), BCStyle.O);
  }

  /** The subject's CN: a user's or node's name. */
  public static String commonName(X509Certificate c) {
    return attribute(X500Name.getInstance(c.getSubjectX500Principal().getEncoded()), BCStyle.CN);
  }

  /** The subject's OU: the role a member certificate claims (the genesis decides if it holds). */
  public static String role(X509Certificate c) {
    return attribute(X500Name.getInstance(c.getSubjectX500Principal().getEncoded()), BCStyle.OU);
  }

  static String attribute(X500Name name, ASN1ObjectIdentifier type) {
    RDN[] rdns = name.getRDNs(type);
    if (rdns.length != 1) {
      return null;
    }
    return IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }
}
