package org.medledger.crypto.x509;

import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.internal.Bc;

/**
 * The consortium's CAs, from the genesis. Checks that a certificate was issued by one of them,
 * names that CA's organisation, carries a known role, is within its validity at a given instant
 * and is not revoked. The instant is the caller's (a block's time in contracts), never the clock.
 */
public final class TrustAnchors {
  private record Anchor(String organisation, X509Certificate certificate, Hash id) {}

  private final CryptoSuite suite;
  private final Map<String, Anchor> bySubject = new TreeMap<>();

  public TrustAnchors(CryptoSuite suite, List<X509Certificate> caCertificates) {
    this.suite = suite;
    for (X509Certificate ca : caCertificates) {
      String org = Names.organisation(ca);
      if (org == null) {
        throw new IllegalArgumentException("CA certificate " + ca.getSubjectX500Principal() + " names no organisation (O=)");
      }
      if (ca.getBasicConstraints() < 0) {
        throw new IllegalArgumentException("certificate of " + org + " given as CA is not a CA certificate");
      }
      try {
        ca.verify(ca.getPublicKey(), Bc.provider());
      } catch (Exception e) {
        throw new IllegalArgumentException("CA certificate of " + org + " is not validly self-signed");
      }
      bySubject.put(ca.getSubjectX500Principal().getName(X500Principal.RFC2253),
          new Anchor(org, ca, CertificateId.of(suite.hash(), ca)));
    }
  }

  public CryptoSuite suite() {
    return suite;
  }

  /**
   * @param atMillis the instant validity is judged at
   * @param revoked true for the id of a revoked certificate (member or CA)
   */
  public CertificateCheck check(X509Certificate cert, long atMillis, Predicate<Hash> revoked) {
    Hash id = CertificateId.of(suite.hash(), cert);
    Anchor ca = bySubject.get(cert.getIssuerX500Principal().getName(X500Principal.RFC2253));
    if (ca == null) {
      return new CertificateCheck.Invalid("issuer '" + cert.getIssuerX500Principal().getName() + "' is not a consortium CA");
    }
    if (revoked.test(ca.id())) {
      return new CertificateCheck.Invalid("the CA of " + ca.organisation() + " is revoked");
    }
    try {
      cert.verify(ca.certificate().getPublicKey(), Bc.provider());
    } catch (Exception e) {
      return new CertificateCheck.Invalid("certificate " + id + " is not signed by the CA of " + ca.organisation());
    }
    Date at = new Date(atMillis);
    if (at.before(cert.getNotBefore())) {
      return new CertificateCheck.Invalid("certificate " + id + " is not valid before " + cert.getNotBefore().toInstant());
    }
    if (at.after(cert.getNotAfter())) {
      return new CertificateCheck.Invalid("certificate " + id + " expired at " + cert.getNotAfter().toInstant());
    }
    if (cert.getBasicConstraints() >= 0) {
      return new CertificateCheck.Invalid("certificate " + id + " is a CA certificate, not a member's");
    }
    if (revoked.test(id)) {
      return new CertificateCheck.Invalid("certificate " + id + " is revoked");
    }
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    String org = Names.attribute(subject, BCStyle.O);
    if (!ca.organisation().equals(org)) {
      return new CertificateCheck.Invalid("certificate " + id + " names organisation '" + org + "' but was issued by the CA of " + ca.organisation());
    }
    String cn = Names.attribute(subject, BCStyle.CN);
    Role role;
    try {
      role = Role.parse(Names.attribute(subject, BCStyle.OU));
    } catch (IllegalArgumentException e) {
      return new CertificateCheck.Invalid("certificate " + id + ": " + e.getMessage());
    }
    return new CertificateCheck.Valid(new MemberCertificate(id, org, role, cn == null ? "" : cn, cert.getPublicKey(), cert));
  }

  /** The id of each CA certificate, by organisation. */
  public Map<String, Hash> caIds() {
    Map<String, Hash> m = new TreeMap<>();
    bySubject.values().forEach(a -> m.put(a.organisation(), a.id()));
    return m;
  }
}
