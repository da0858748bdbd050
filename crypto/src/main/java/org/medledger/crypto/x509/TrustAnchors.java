package org.medledger.crypto.x509;

import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Certificate;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Verifier;

/**
 * The consortium's CAs, from the genesis. Checks that a certificate was issued by one of them
 * (its signature verifies under the suite with that CA's key), names that CA's organisation,
 * carries a role the genesis lets that organisation hold (a CA signs whatever OU its owner
 * asks, so an insurer's CA can sign {@code OU=regulator}: the role is only what the consortium
 * granted the organisation) and a key of the suite, is within its validity — and its CA within its own
 * (RFC 5280 §6.1.3 checks every certificate of the path) — at a given instant, and that neither
 * it nor its CA is revoked. The instant is the caller's (a block's time in contracts), never the
 * clock. Thread-safe.
 */
public final class TrustAnchors {
  /**
   * Upper bound on cached verdicts. Only certificates that verify under a consortium CA are
   * cached, so a peer cannot grow the cache with self-made certificates; the bound covers the rest.
   */
  static final int CACHE_LIMIT = 100_000;

  private record Anchor(String organisation, X509Certificate certificate, Hash id, IssuerSerial issuerSerial,
      Verifier verifier, long notBefore, long notAfter) {}

  /** Which certificates are revoked, by ledger id or by issuer and serial. */
  @FunctionalInterface
  private interface RevocationTest {
    boolean revoked(Hash id, IssuerSerial issuerSerial);
  }

  private final CryptoSuite suite;
  private final ASN1ObjectIdentifier signatureAlgorithm;
  private final Map<String, Anchor> bySubject = new TreeMap<>();
  private final Map<String, Anchor> byOrganisation = new TreeMap<>();
  private final ConcurrentHashMap<Hash, StaticVerdict> verdicts = new ConcurrentHashMap<>();
  private final Map<String, Set<Role>> rolesByOrganisation = new TreeMap<>();

  /**
   * Throws IllegalArgumentException naming the first CA certificate that cannot be an anchor.
   *
   * @param rolesByOrganisation the roles each organisation's certificates may carry (the
   *     genesis's); an organisation missing here holds none
   */
  public TrustAnchors(CryptoSuite suite, List<X509Certificate> caCertificates, Map<String, Set<Role>> rolesByOrganisation) {
    this.suite = suite;
    rolesByOrganisation.forEach((org, roles) -> this.rolesByOrganisation.put(org, Set.copyOf(roles)));
    this.signatureAlgorithm = SuiteContentSigner.algorithmOf(suite).getAlgorithm();
    for (X509Certificate ca : caCertificates) {
      Anchor a = anchor(ca);
      if (byOrganisation.containsKey(a.organisation())) {
        throw new IllegalArgumentException("two CA certificates for organisation " + a.organisation());
      }
      String subject = ca.getSubjectX500Principal().getName(X500Principal.CANONICAL);
      if (bySubject.containsKey(subject)) {
        throw new IllegalArgumentException("two CA certificates named '" + ca.getSubjectX500Principal().getName() + "'");
      }
      bySubject.put(subject, a);
      byOrganisation.put(a.organisation(), a);
    }
  }

  private Anchor anchor(X509Certificate ca) {
    String org = Names.organisation(ca);
    if (org == null) {
      throw new IllegalArgumentException("CA certificate " + ca.getSubjectX500Principal() + " names no organisation (O=)");
    }
    if (ca.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("certificate of " + org + " given as CA is not a CA certificate");
    }
    boolean[] usage = ca.getKeyUsage();
    // RFC 5280 §4.2.1.3: a CA key that signs certificates must be allowed to (bit 5, keyCertSign).
    if (usage != null && (usage.length < 6 || !usage[5])) {
      throw new IllegalArgumentException("CA certificate of " + org + " does not allow keyCertSign");
    }
    Verifier verifier;
    try {
      verifier = suite.signatures().verifier(suite.signatures().decodePublicKey(ca.getPublicKey().getEncoded()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("CA certificate of " + org + " has no " + suite.signatures().name() + " key");
    }
    if (!ca.getIssuerX500Principal().equals(ca.getSubjectX500Principal()) || signatureProblem(ca, verifier) != null) {
      throw new IllegalArgumentException("CA certificate of " + org + " is not validly self-signed with "
          + suite.signatures().certificateSignatureAlgorithm());
    }
    return new Anchor(org, ca, CertificateId.of(suite.hash(), ca), IssuerSerial.of(ca), verifier,
        ca.getNotBefore().getTime(), ca.getNotAfter().getTime());
  }

  public CryptoSuite suite() {
    return suite;
  }

  /** Checks {@code cert} at {@code at} against revocations by id and by issuer and serial. */
  public CertificateCheck check(X509Certificate cert, Instant at, Revocations revocations) {
    return check(cert, CertificateId.of(suite.hash(), cert), at.toEpochMilli(), revocations::revokes);
  }

  /**
   * @param atMillis the instant validity is judged at
   * @param revoked true for the id of a revoked certificate (member or CA)
   */
  public CertificateCheck check(X509Certificate cert, long atMillis, Predicate<Hash> revoked) {
    return check(cert, CertificateId.of(suite.hash(), cert), atMillis, (id, is) -> revoked.test(id));
  }

  /** As {@link #check(X509Certificate, long, Predicate)} for a caller that already knows the id. */
  public CertificateCheck check(X509Certificate cert, Hash id, long atMillis, Predicate<Hash> revoked) {
    return check(cert, id, atMillis, (i, is) -> revoked.test(i));
  }

  /**
   * Checks a certificate presented in a node-to-node TLS handshake: as {@link #check}, except
   * that a node certificate may carry an ECDSA P-256 transport key in a network of another suite.
   */
  public CertificateCheck checkTransport(X509Certificate cert, long atMillis, Predicate<Hash> revoked) {
    return check(cert, CertificateId.of(suite.hash(), cert), atMillis, (i, is) -> revoked.test(i), true);
  }

  private CertificateCheck check(X509Certificate cert, Hash id, long atMillis, RevocationTest revoked) {
    return check(cert, id, atMillis, revoked, false);
  }

  private CertificateCheck check(X509Certificate cert, Hash id, long atMillis, RevocationTest revoked, boolean transport) {
    // Issuer, CA signature, names, role and key depend on the certificate's bytes alone, so their
    // verdict is cached by id; time windows and revocations are judged on every call.
    StaticVerdict v = verdicts.get(id);
    if (v == null) {
      v = staticCheck(cert, id);
      if (v.cacheable() && verdicts.size() < CACHE_LIMIT) {
        verdicts.putIfAbsent(id, v);
      }
    }
    if (v.invalid() != null) {
      return v.invalid();
    }
    if (v.transportOnly() && !transport) {
      return new CertificateCheck.Invalid("certificate " + id + " is a node's TLS certificate; it carries no "
          + suite.signatures().name() + " key");
    }
    Anchor ca = v.ca();
    if (revoked.revoked(ca.id(), ca.issuerSerial())) {
      return new CertificateCheck.Invalid("the CA certificate " + ca.id() + " of " + ca.organisation() + " is revoked");
    }
    if (atMillis < ca.notBefore()) {
      return new CertificateCheck.Invalid("the CA certificate of " + ca.organisation() + " is not valid before "
          + Instant.ofEpochMilli(ca.notBefore()));
    }
    if (atMillis > ca.notAfter()) {
      return new CertificateCheck.Invalid("the CA certificate of " + ca.organisation() + " expired at "
          + Instant.ofEpochMilli(ca.notAfter()));
    }
    if (atMillis < v.notBefore()) {
      return new CertificateCheck.Invalid("certificate " + id + " is not valid before " + Instant.ofEpochMilli(v.notBefore()));
    }
    if (atMillis > v.notAfter()) {
      return new CertificateCheck.Invalid("certificate " + id + " expired at " + Instant.ofEpochMilli(v.notAfter()));
    }
    if (revoked.revoked(id, v.issuerSerial())) {
      return new CertificateCheck.Invalid("certificate " + id + " is revoked");
    }
    return new CertificateCheck.Valid(v.member());
  }

  /**
   * What the certificate's bytes decide. Validity dates are kept as millis: Bouncy Castle
   * re-parses the ASN.1 time on every call. {@code cacheable} once a consortium CA's signature
   * has verified.
   */
  private record StaticVerdict(MemberCertificate member, Anchor ca, IssuerSerial issuerSerial,
      CertificateCheck.Invalid invalid, long notBefore, long notAfter, boolean cacheable, boolean transportOnly) {}

  private StaticVerdict staticCheck(X509Certificate cert, Hash id) {
    Anchor ca = bySubject.get(cert.getIssuerX500Principal().getName(X500Principal.CANONICAL));
    if (ca == null) {
      return invalid("issuer '" + cert.getIssuerX500Principal().getName() + "' is not a consortium CA", false);
    }
    String problem = signatureProblem(cert, ca.verifier());
    if (problem != null) {
      return invalid("certificate " + id + " " + problem + " the CA of " + ca.organisation(), false);
    }
    if (cert.getBasicConstraints() >= 0) {
      return invalid("certificate " + id + " is a CA certificate, not a member's", true);
    }
    X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    String org = Names.attribute(subject, BCStyle.O);
    if (!ca.organisation().equals(org)) {
      return invalid("certificate " + id + " names organisation '" + org + "' but was issued by the CA of " + ca.organisation(), true);
    }
    String cn = Names.attribute(subject, BCStyle.CN);
    if (cn == null || cn.isBlank()) {
      return invalid("certificate " + id + " names no holder (CN=)", true);
    }
    Role role;
    try {
      role = Role.parse(Names.attribute(subject, BCStyle.OU));
    } catch (IllegalArgumentException e) {
      return invalid("certificate " + id + ": " + e.getMessage(), true);
    }
    Set<Role> granted = rolesByOrganisation.getOrDefault(org, Set.of());
    if (!granted.contains(role)) {
      return invalid("certificate " + id + " carries the role '" + role.wireName() + "', which the genesis does not let "
          + org + " hold (it may hold: " + String.join(", ", granted.stream().sorted().map(Role::wireName).toList()) + ")",
          true);
    }
    PublicKey key;
    boolean transportOnly = false;
    try {
      key = suite.signatures().decodePublicKey(cert.getPublicKey().getEncoded());
    } catch (RuntimeException e) {
      // A gm network's node TLS certificate (see CertificateAuthority#issueTransport).
      if (role != Role.NODE) {
        return invalid("certificate " + id + " carries no " + suite.signatures().name() + " key", true);
      }
      try {
        key = CryptoSuites.intl().signatures().decodePublicKey(cert.getPublicKey().getEncoded());
        transportOnly = true;
      } catch (RuntimeException e2) {
        return invalid("certificate " + id + " carries no " + suite.signatures().name() + " key", true);
      }
    }
    return new StaticVerdict(new MemberCertificate(id, org, role, cn, key, cert), ca, IssuerSerial.of(cert), null,
        cert.getNotBefore().getTime(), cert.getNotAfter().getTime(), true, transportOnly);
  }

  /**
   * Null when {@code cert} is signed with the suite's algorithm, names it the same inside and
   * outside the signed part (RFC 5280 §4.1.1.2), and its signature over the TBSCertificate
   * verifies; otherwise how it fails, to be followed by "the CA of &lt;org&gt;".
   */
  private String signatureProblem(X509Certificate cert, Verifier caVerifier) {
    Certificate parsed;
    try {
      parsed = Certificate.getInstance(cert.getEncoded());
    } catch (CertificateEncodingException | RuntimeException e) {
      return "cannot be read to check its signature by";
    }
    if (!signatureAlgorithm.equals(parsed.getSignatureAlgorithm().getAlgorithm())
        || !parsed.getSignatureAlgorithm().equals(parsed.getTBSCertificate().getSignature())) {
      return "is not signed with " + suite.signatures().certificateSignatureAlgorithm() + " as required by";
    }
    try {
      byte[] tbs = parsed.getTBSCertificate().getEncoded("DER");
      if (!caVerifier.verify(tbs, parsed.getSignature().getOctets())) {
        return "is not signed by";
      }
    } catch (java.io.IOException | RuntimeException e) {
      return "is not signed by";
    }
    return null;
  }

  private static StaticVerdict invalid(String reason, boolean cacheable) {
    return new StaticVerdict(null, null, null, new CertificateCheck.Invalid(reason), 0, 0, cacheable, false);
  }

  /**
   * Every role for every organisation named by these CAs: for tests of certificate handling that
   * have no genesis. A network always takes the roles from its genesis.
   */
  public static Map<String, Set<Role>> everyRole(List<X509Certificate> caCertificates) {
    Map<String, Set<Role>> m = new TreeMap<>();
    caCertificates.forEach(c -> m.put(Names.organisation(c), EnumSet.allOf(Role.class)));
    return m;
  }

  /** The id of each CA certificate, by organisation. */
  public Map<String, Hash> caIds() {
    Map<String, Hash> m = new TreeMap<>();
    byOrganisation.values().forEach(a -> m.put(a.organisation(), a.id()));
    return m;
  }

  /** How many verdicts are cached; for tests of the bound. */
  int cachedVerdicts() {
    return verdicts.size();
  }
}
