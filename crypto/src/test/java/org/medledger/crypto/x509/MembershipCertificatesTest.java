package org.medledger.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;

class MembershipCertificatesTest {
  static final long T0 = 1_700_000_000_000L;
  static final Date FROM = new Date(T0);
  static final Date TO = new Date(T0 + 365L * 24 * 3600 * 1000);
  final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void issuesAndChecksNodeAndUserCertificates(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    KeyPair user = suite.signatures().generateKeyPair(random);
    X509Certificate cert = ca.issueUser("dr-li", Role.CLINICIAN, user.getPublic(), FROM, TO);
    X509Certificate node = ca.issueNode("node-a", suite.signatures().generateKeyPair(random).getPublic(), FROM, TO,
        List.of("localhost"), List.of("127.0.0.1"));
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));

    CertificateCheck c = anchors.check(Pem.parseCertificate(Pem.certificate(cert)), T0 + 1000, id -> false);
    assertThat(c).isInstanceOf(CertificateCheck.Valid.class);
    MemberCertificate m = ((CertificateCheck.Valid) c).member();
    assertThat(m.organisation()).isEqualTo("hospital-a");
    assertThat(m.role()).isEqualTo(Role.CLINICIAN);
    assertThat(m.name()).isEqualTo("dr-li");
    assertThat(m.id()).isEqualTo(CertificateId.of(suite.hash(), cert));
    byte[] sig = suite.signatures().signer(user).sign(new byte[] {7});
    assertThat(suite.signatures().verifier(m.publicKey()).verify(new byte[] {7}, sig)).isTrue();

    assertThat(anchors.check(node, T0 + 1000, id -> false)).isInstanceOfSatisfying(CertificateCheck.Valid.class,
        v -> assertThat(v.member().role()).isEqualTo(Role.NODE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void refusesRevokedExpiredAndForeignCertificates(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    CertificateAuthority rogue = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    X509Certificate cert = ca.issueUser("p1", Role.PATIENT, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    Hash id = CertificateId.of(suite.hash(), cert);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));

    assertThat(anchors.check(cert, T0 + 1, id::equals)).isInstanceOfSatisfying(CertificateCheck.Invalid.class,
        i -> assertThat(i.reason()).contains("revoked"));
    assertThat(anchors.check(cert, TO.getTime() + 1000, x -> false)).isInstanceOfSatisfying(CertificateCheck.Invalid.class,
        i -> assertThat(i.reason()).contains("expired"));
    assertThat(anchors.check(cert, T0 - 1000, x -> false)).isInstanceOfSatisfying(CertificateCheck.Invalid.class,
        i -> assertThat(i.reason()).contains("not valid before"));
    // Same subject name, different key: the signature check must catch it.
    X509Certificate forged = rogue.issueUser("p1", Role.PATIENT, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    assertThat(anchors.check(forged, T0 + 1, x -> false)).isInstanceOfSatisfying(CertificateCheck.Invalid.class,
        i -> assertThat(i.reason()).contains("not signed by the CA"));
    CertificateAuthority other = CertificateAuthority.create(suite, "insurer", FROM, TO, random);
    X509Certificate foreign = other.issueUser("x", Role.INSURER, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    assertThat(anchors.check(foreign, T0 + 1, x -> false)).isInstanceOfSatisfying(CertificateCheck.Invalid.class,
        i -> assertThat(i.reason()).contains("not a consortium CA"));
    // A revoked CA invalidates what it issued.
    Hash caId = CertificateId.of(suite.hash(), ca.certificate());
    assertThat(anchors.check(cert, T0 + 1, caId::equals)).isInstanceOf(CertificateCheck.Invalid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void pemRoundTrips(String suiteId) {
    CryptoSuite suite = CryptoSuites.byId(suiteId);
    CertificateAuthority ca = CertificateAuthority.create(suite, "regulator", FROM, TO, random);
    assertThat(Pem.parseCertificate(Pem.certificate(ca.certificate()))).isEqualTo(ca.certificate());
    KeyPair kp = ca.keyPair();
    byte[] der = Pem.decode("PRIVATE KEY", Pem.privateKey(kp.getPrivate()));
    assertThat(suite.signatures().decodePrivateKey(der).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
  }
}
