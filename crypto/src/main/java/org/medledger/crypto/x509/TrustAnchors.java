package org.medledger.crypto.x509;

import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;
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
    return check(cert, CertificateId.of(suite.hash(), cert), atMillis, revoked);
  }

  /** As {@link #check(X509Certificate, long, Predicate)} for a caller that already knows the id. */
  public CertificateCheck check(X509Certificate cert, Hash id, long atMillis, Predicate<Hash> revoked) {
    // Issuer, CA signature, names and role depend on the certificate's bytes alone, so their
    // verdict is cached by id; the time window and revocations are judged on every call.
    StaticVerdict v = verdicts.computeIfAbsent(id, k -> staticCheck(cert, k));
    if (v.invalid() != null) {
      return v.invalid();
    }
    if (revoked.test(v.caId())) {
      return new CertificateCheck.Invalid("the CA of " + v.member().organisation() + " is revoked");
    }
    if (atMillis < v.notBefore()) {
      return new CertificateCheck.Invalid("certificate " + id + " is not valid before " + cert.getNotBefore().toInstant());
    }
    if (atMillis > v.notAfter()) {
      return new CertificateCheck.Invalid("certificate " + id + " expired at " + cert.getNotAfter().toInstant());
    }
    if (revoked.test(id)) {
      return new CertificateCheck.Invalid("certificate " + id + " is revoked");
    }
    return new CertificateCheck.Valid(v.member());
  }

  /** Validity dates are kept as millis: Bouncy Castle re-parses the ASN.1 time on every call. */
  private record StaticVerdict(MemberCertificate member, Hash caId, CertificateCheck.Invalid invalid, long notBefore, long notAfter) {}

  private final ConcurrentHashMap<Hash, StaticVerdict> verdicts = new ConcurrentHashMap<>();

  private StaticVerdict staticCheck(X509Certificate cert, Hash id) {
    Anchor ca = bySubject.get(cert.getIssuerX500Principal().getName(X500Principal.RFC2253));
    if (ca == null) {
      return invalid("issuer '" + cert.getIssuerX500Principal().getName() + "' is not a consortium CA");
    }
    try {
      cert.verify(ca.certificate().getPublicKey(), Bc.provider());
    } catch (Exception e) {
      return invalid("certificate " + id + " is not signed by the CA of " + ca.organisation());
    }
    if (cert.getBasicConstraints() >= 0) {
      return invalid("certificate " + id + " is a CA certificate, not a member's");
    }
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    String org = Names.attribute(subject, BCStyle.O);
    if (!ca.organisation().equals(org)) {
      return invalid("certificate " + id + " names organisation '" + org + "' but was issued by the CA of " + ca.organisation());
    }
    String cn = Names.attribute(subject, BCStyle.CN);
    Role role;
    try {
      role = Role.parse(Names.attribute(subject, BCStyle.OU));
    } catch (IllegalArgumentException e) {
      return invalid("certificate " + id + ": " + e.getMessage());
    }
    return new StaticVerdict(new MemberCertificate(id, org, role, cn == null ? "" : cn, cert.getPublicKey(), cert), ca.id(), null,
        cert.getNotBefore().getTime(), cert.getNotAfter().getTime());
  }

  private static StaticVerdict invalid(String reason) {
    return new StaticVerdict(null, null, new CertificateCheck.Invalid(reason), 0, 0);
  }

  /** The id of each CA certificate, by organisation. */
  public Map<String, Hash> caIds() {
    Map<String, Hash> m = new TreeMap<>();
    bySubject.values().forEach(a -> m.put(a.organisation(), a.id()));
    return m;
  }
}
