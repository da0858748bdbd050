package org.medledger.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.internal.Bc;

class TrustAnchorsTest {
  static final long T0 = 1_700_000_000_000L;
  static final long DAY = 24 * 3600 * 1000L;
  static final Date FROM = new Date(T0);
  static final Date TO = new Date(T0 + 365 * DAY);
  final SecureRandom random = new SecureRandom();

  /** A certificate made outside CertificateAuthority, to present what our CA would never issue. */
  static X509Certificate forge(String issuer, PrivateKey signingKey, String algorithm, String subject, PublicKey key,
      boolean ca) throws Exception {
    // Names as RFC 2253 strings (most significant RDN last), encoded as X500Principal encodes them.
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
        new X500Principal(issuer), BigInteger.valueOf(12345), FROM, TO, new X500Principal(subject), key);
    if (ca) {
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    }
    return new JcaX509CertificateConverter().setProvider(Bc.provider())
        .getCertificate(b.build(new JcaContentSignerBuilder(algorithm).setProvider(Bc.provider()).build(signingKey)));
  }

  static String reason(CertificateCheck c) {
    assertThat(c).isInstanceOf(CertificateCheck.Invalid.class);
    return ((CertificateCheck.Invalid) c).reason();
  }

  /** Issue 20 finding 1: an insurer's CA signs OU=regulator and OU=clinician for itself. */
  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void refusesARoleTheGenesisDoesNotLetTheOrganisationHold(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority insurer = CertificateAuthority.create(suite, "insurer", FROM, TO, random);
    CertificateAuthority regulator = CertificateAuthority.create(suite, "regulator", FROM, TO, random);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(insurer.certificate(), regulator.certificate()),
        java.util.Map.of("insurer", Set.of(Role.ADMIN, Role.INSURER, Role.NODE),
            "regulator", Set.of(Role.ADMIN, Role.REGULATOR, Role.NODE)));
    Instant at = Instant.ofEpochMilli(T0 + DAY);
    PublicKey key = suite.signatures().generateKeyPair(random).getPublic();
    assertThat(reason(anchors.check(insurer.issueUser("mallory", Role.REGULATOR, key, FROM, TO), at, Revocations.NONE)))
        .contains("carries the role 'regulator', which the genesis does not let insurer hold (it may hold: admin, insurer, node)");
    assertThat(reason(anchors.check(insurer.issueUser("mallory", Role.CLINICIAN, key, FROM, TO), at, Revocations.NONE)))
        .contains("'clinician'");
    assertThat(anchors.check(insurer.issueUser("assessor", Role.INSURER, key, FROM, TO), at, Revocations.NONE))
        .isInstanceOf(CertificateCheck.Valid.class);
    assertThat(anchors.check(regulator.issueUser("inspector", Role.REGULATOR, key, FROM, TO), at, Revocations.NONE))
        .isInstanceOf(CertificateCheck.Valid.class);
    // An organisation the map leaves out holds nothing.
    TrustAnchors none = new TrustAnchors(suite, List.of(insurer.certificate()), java.util.Map.of());
    assertThat(reason(none.check(insurer.issueUser("assessor", Role.INSURER, key, FROM, TO), at, Revocations.NONE)))
        .contains("does not let insurer hold");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void revokesByIdOrByIssuerAndSerial(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    X509Certificate cert = ca.issueUser("dr-wu", Role.CLINICIAN, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    Hash certId = CertificateId.of(suite, cert);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));
    Instant at = Instant.ofEpochMilli(T0 + DAY);

    assertThat(anchors.check(cert, at, Revocations.NONE)).isInstanceOfSatisfying(CertificateCheck.Valid.class,
        v -> assertThat(v.member().name()).isEqualTo("dr-wu"));
    assertThat(reason(anchors.check(cert, at, Revocations.ofIds(List.of(certId)))))
        .isEqualTo("certificate " + certId + " is revoked");
    // A CRL-style entry, with the issuer spelt differently from the certificate's encoding.
    IssuerSerial crlEntry = new IssuerSerial("cn=Hospital-A CA,  o=HOSPITAL-A", cert.getSerialNumber());
    assertThat(reason(anchors.check(cert, at, Revocations.ofIssuerSerials(List.of(crlEntry)))))
        .isEqualTo("certificate " + certId + " is revoked");
    // Same issuer, another serial: not this certificate.
    IssuerSerial other = new IssuerSerial(crlEntry.issuer(), cert.getSerialNumber().add(BigInteger.ONE));
    assertThat(anchors.check(cert, at, Revocations.ofIssuerSerials(List.of(other)))).isInstanceOf(CertificateCheck.Valid.class);
    // Revoking the CA, by either name, invalidates what it issued.
    Hash caId = CertificateId.of(suite, ca.certificate());
    assertThat(reason(anchors.check(cert, at, Revocations.ofIds(List.of(caId)))))
        .isEqualTo("the CA certificate " + caId + " of hospital-a is revoked");
    assertThat(reason(anchors.check(cert, at, new Revocations(Set.of(), Set.of(IssuerSerial.of(ca.certificate()))))))
        .contains("of hospital-a is revoked");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void judgesTheCasValidityAsWellAsTheCertificates(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "insurer", new Date(T0 + 10 * DAY), new Date(T0 + 20 * DAY), random);
    X509Certificate cert = ca.issueUser("agent", Role.INSURER, suite.signatures().generateKeyPair(random).getPublic(),
        new Date(T0), new Date(T0 + 30 * DAY));
    Hash certId = CertificateId.of(suite, cert);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));
    assertThat(anchors.check(cert, Instant.ofEpochMilli(T0 + 15 * DAY), Revocations.NONE)).isInstanceOf(CertificateCheck.Valid.class);
    assertThat(reason(anchors.check(cert, T0 + 5 * DAY, x -> false)))
        .isEqualTo("the CA certificate of insurer is not valid before " + Instant.ofEpochMilli(T0 + 10 * DAY));
    assertThat(reason(anchors.check(cert, T0 + 25 * DAY, x -> false)))
        .isEqualTo("the CA certificate of insurer expired at " + Instant.ofEpochMilli(T0 + 20 * DAY));
    // The boundaries themselves are inside (RFC 5280 §4.1.2.5: "inclusive").
    assertThat(anchors.check(cert, T0 + 20 * DAY, x -> false)).isInstanceOf(CertificateCheck.Valid.class);

    CertificateAuthority longLived = CertificateAuthority.create(suite, "insurer-2", FROM, TO, random);
    X509Certificate shortCert = longLived.issueUser("a", Role.INSURER, suite.signatures().generateKeyPair(random).getPublic(),
        new Date(T0 + DAY), new Date(T0 + 2 * DAY));
    Hash shortId = CertificateId.of(suite, shortCert);
    TrustAnchors anchors2 = new TrustAnchors(suite, List.of(longLived.certificate()), TrustAnchors.everyRole(List.of(longLived.certificate())));
    assertThat(reason(anchors2.check(shortCert, T0 + 3 * DAY, x -> false)))
        .isEqualTo("certificate " + shortId + " expired at " + Instant.ofEpochMilli(T0 + 2 * DAY));
    assertThat(reason(anchors2.check(shortCert, T0, x -> false)))
        .isEqualTo("certificate " + shortId + " is not valid before " + Instant.ofEpochMilli(T0 + DAY));
    assertThat(reason(anchors.check(certId.equals(shortId) ? cert : shortCert, T0 + 15 * DAY, x -> false)))
        .isEqualTo("issuer 'CN=insurer-2 CA,O=insurer-2' is not a consortium CA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void refusesCertificatesOurCasWouldNeverIssue(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CryptoSuite other = CryptoSuites.byId(id.equals("gm") ? "intl" : "gm");
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));
    String issuer = "CN=hospital-a CA,O=hospital-a";
    PrivateKey caKey = ca.keyPair().getPrivate();
    String alg = suite.signatures().certificateSignatureAlgorithm();
    PublicKey memberKey = suite.signatures().generateKeyPair(random).getPublic();
    long at = T0 + DAY;

    X509Certificate unknownRole = forge(issuer, caKey, alg, "CN=x,OU=surgeon,O=hospital-a", memberKey, false);
    assertThat(reason(anchors.check(unknownRole, at, x -> false))).endsWith(": unknown role 'surgeon'");

    X509Certificate noCn = forge(issuer, caKey, alg, "OU=patient,O=hospital-a", memberKey, false);
    assertThat(reason(anchors.check(noCn, at, x -> false))).endsWith("names no holder (CN=)");

    X509Certificate otherOrg = forge(issuer, caKey, alg, "CN=x,OU=patient,O=hospital-b", memberKey, false);
    assertThat(reason(anchors.check(otherOrg, at, x -> false)))
        .endsWith("names organisation 'hospital-b' but was issued by the CA of hospital-a");

    X509Certificate subCa = forge(issuer, caKey, alg, "CN=sub,OU=admin,O=hospital-a", memberKey, true);
    assertThat(reason(anchors.check(subCa, at, x -> false))).endsWith("is a CA certificate, not a member's");

    X509Certificate foreignKey = forge(issuer, caKey, alg, "CN=x,OU=patient,O=hospital-a",
        other.signatures().generateKeyPair(random).getPublic(), false);
    assertThat(reason(anchors.check(foreignKey, at, x -> false))).endsWith("carries no " + suite.signatures().name() + " key");

    // Under the CA's name but signed with the other suite's algorithm and a key of that suite.
    X509Certificate otherAlgorithm = forge(issuer, other.signatures().generateKeyPair(random).getPrivate(),
        other.signatures().certificateSignatureAlgorithm(), "CN=x,OU=patient,O=hospital-a", memberKey, false);
    assertThat(reason(anchors.check(otherAlgorithm, at, x -> false)))
        .endsWith("is not signed with " + alg + " as required by the CA of hospital-a");

    // Under the CA's name, the right algorithm, someone else's key.
    X509Certificate impostor = forge(issuer, suite.signatures().generateKeyPair(random).getPrivate(), alg,
        "CN=x,OU=patient,O=hospital-a", memberKey, false);
    assertThat(reason(anchors.check(impostor, at, x -> false))).endsWith("is not signed by the CA of hospital-a");

    // A certificate of the other suite's consortium is simply not ours.
    CertificateAuthority otherCa = CertificateAuthority.create(other, "hospital-b", FROM, TO, random);
    X509Certificate otherSuiteCert = otherCa.issueUser("y", Role.PATIENT, other.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    assertThat(reason(anchors.check(otherSuiteCert, at, x -> false))).isEqualTo("issuer 'CN=hospital-b CA,O=hospital-b' is not a consortium CA");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void refusesAnchorsThatAreNotSelfSignedCasOfTheSuite(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CryptoSuite other = CryptoSuites.byId(id.equals("gm") ? "intl" : "gm");
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    X509Certificate member = ca.issueUser("u", Role.ADMIN, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    assertThatThrownBy(() -> new TrustAnchors(suite, List.of(member), TrustAnchors.everyRole(List.of(member)))).hasMessageContaining("is not a CA certificate");
    assertThatThrownBy(() -> new TrustAnchors(suite, List.of(ca.certificate(), CertificateAuthority.create(suite, "hospital-a", FROM, TO, random).certificate()), TrustAnchors.everyRole(List.of(ca.certificate(), CertificateAuthority.create(suite, "hospital-a", FROM, TO, random).certificate()))))
        .hasMessage("two CA certificates for organisation hospital-a");
    assertThatThrownBy(() -> new TrustAnchors(other, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate()))))
        .hasMessage("CA certificate of hospital-a has no " + other.signatures().name() + " key");
    KeyPair kp = suite.signatures().generateKeyPair(random);
    X509Certificate crossSigned = forge("CN=hospital-a CA,O=hospital-a", ca.keyPair().getPrivate(),
        suite.signatures().certificateSignatureAlgorithm(), "CN=hospital-c CA,O=hospital-c", kp.getPublic(), true);
    assertThatThrownBy(() -> new TrustAnchors(suite, List.of(crossSigned), TrustAnchors.everyRole(List.of(crossSigned))))
        .hasMessage("CA certificate of hospital-c is not validly self-signed with " + suite.signatures().certificateSignatureAlgorithm());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void cachesVerdictsOnlyForCertificatesACaSigned(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));
    for (int i = 0; i < 5; i++) {
      X509Certificate impostor = forge("CN=hospital-a CA,O=hospital-a", suite.signatures().generateKeyPair(random).getPrivate(),
          suite.signatures().certificateSignatureAlgorithm(), "CN=x" + i + ",OU=patient,O=hospital-a",
          suite.signatures().generateKeyPair(random).getPublic(), false);
      assertThat(anchors.check(impostor, T0 + 1, x -> false)).isInstanceOf(CertificateCheck.Invalid.class);
    }
    assertThat(anchors.cachedVerdicts()).isZero();
    X509Certificate real = ca.issueUser("p", Role.PATIENT, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    anchors.check(real, T0 + 1, x -> false);
    anchors.check(real, T0 + 2, x -> false);
    assertThat(anchors.cachedVerdicts()).isEqualTo(1);
    // The cached verdict still re-judges time and revocation on every call.
    assertThat(anchors.check(real, TO.getTime() + 1, x -> false)).isInstanceOf(CertificateCheck.Invalid.class);
    assertThat(anchors.check(real, T0 + 3, x -> true)).isInstanceOf(CertificateCheck.Invalid.class);
    assertThat(anchors.check(real, T0 + 3, x -> false)).isInstanceOf(CertificateCheck.Valid.class);
  }
}
