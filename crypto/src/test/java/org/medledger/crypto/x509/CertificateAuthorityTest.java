package org.medledger.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.internal.Bc;

class CertificateAuthorityTest {
  static final Date FROM = new Date(1_700_000_000_000L);
  static final Date TO = new Date(1_700_000_000_000L + 365L * 24 * 3600 * 1000);
  // keyUsage bits, RFC 5280 §4.2.1.3.
  static final int DIGITAL_SIGNATURE = 0;
  static final int KEY_ENCIPHERMENT = 2;
  static final int KEY_AGREEMENT = 4;
  static final int KEY_CERT_SIGN = 5;

  final SecureRandom random = new SecureRandom();

  static SecureRandom seeded(long seed) throws Exception {
    SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
    r.setSeed(seed);
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void createsASelfSignedCaForTheOrganisation(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    X509Certificate c = ca.certificate();
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=hospital-a CA,O=hospital-a");
    assertThat(c.getIssuerX500Principal()).isEqualTo(c.getSubjectX500Principal());
    assertThat(c.getBasicConstraints()).isZero();
    assertThat(c.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
    assertThat(c.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(c.getSigAlgName()).isEqualToIgnoringCase(suite.signatures().certificateSignatureAlgorithm());
    assertThat(c.getNotBefore()).isEqualTo(FROM);
    assertThat(c.getNotAfter()).isEqualTo(TO);
    assertThat(c.getSerialNumber().signum()).isPositive();
    // Bouncy Castle's JCA verifies our SM3withSM2 / SHA256withECDSA signature independently.
    c.verify(c.getPublicKey(), Bc.provider());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void issuesNodeCertificatesForMutualTls(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", FROM, TO, random);
    X509Certificate node = ca.issueNode("node-1", suite.signatures().generateKeyPair(random).getPublic(), FROM, TO,
        List.of("node-1.hospital-a.example", "localhost"), List.of("10.0.0.7", "::1"));
    assertThat(node.getSubjectX500Principal().getName()).isEqualTo("CN=node-1,OU=node,O=hospital-a");
    assertThat(node.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(node.getBasicConstraints()).isEqualTo(-1);
    assertThat(node.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(node.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
    assertThat(node.getKeyUsage()[KEY_CERT_SIGN]).isFalse();
    // Subject alternative names: localhost and 127.0.0.1 always, each only once, then the extras.
    assertThat(node.getSubjectAlternativeNames()).extracting(l -> l.get(0) + "=" + l.get(1)).containsExactly(
        "2=localhost", "2=node-1.hospital-a.example", "7=127.0.0.1", "7=10.0.0.7", "7=0:0:0:0:0:0:0:1");
    node.verify(ca.certificate().getPublicKey(), Bc.provider());

    X509Certificate plain = ca.issueNode("node-2", suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    assertThat(plain.getSubjectAlternativeNames()).extracting(l -> (Object) l.get(1)).containsExactly("localhost", "127.0.0.1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void keyUsageFollowsEachSuitesKeyWrap(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "insurer", FROM, TO, random);
    boolean[] ku = ca.issueUser("claims-bot", Role.INSURER, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO)
        .getKeyUsage();
    assertThat(ku[DIGITAL_SIGNATURE]).isTrue();
    assertThat(ku[KEY_AGREEMENT]).isTrue();
    // RFC 5480 §3: no keyEncipherment on P-256 keys; SM2 keys encrypt (GB/T 32918.4).
    assertThat(ku[KEY_ENCIPHERMENT]).isEqualTo(id.equals("gm"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void issuesUserCertificatesWithTheRoleAsOu(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "regulator", FROM, TO, random);
    for (Role role : Role.values()) {
      KeyPair kp = suite.signatures().generateKeyPair(random);
      X509Certificate c = ca.issueUser("someone", role, kp.getPublic(), FROM, TO);
      assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=someone,OU=" + role.wireName() + ",O=regulator");
      assertThat(c.getExtendedKeyUsage()).isNull();
      assertThat(c.getPublicKey().getEncoded()).isEqualTo(kp.getPublic().getEncoded());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void theCertifiedKeyVerifiesWhatTheHoldersSignerSigns(String id) throws Exception {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "pharmacy-9", FROM, TO, random);
    KeyPair kp = suite.signatures().generateKeyPair(random);
    X509Certificate c = Pem.parseCertificate(Pem.certificate(ca.issueUser("counter-1", Role.PHARMACY, kp.getPublic(), FROM, TO)));
    byte[] sig = suite.signatures().signer(kp).sign("dispense 0123".getBytes());
    assertThat(suite.signatures().verifier(c.getPublicKey()).verify("dispense 0123".getBytes(), sig)).isTrue();
    Signature jca = Signature.getInstance(suite.signatures().certificateSignatureAlgorithm(), Bc.provider());
    jca.initVerify(c);
    jca.update("dispense 0123".getBytes());
    assertThat(jca.verify(sig)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aSeededRandomSourceGivesTheSameCertificatesByteForByte(String id) throws Exception {
    // No clock, deterministic signatures: keys and serials come only from the caller's source.
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority a = CertificateAuthority.create(suite, "hospital-b", FROM, TO, seeded(7));
    CertificateAuthority b = CertificateAuthority.create(suite, "hospital-b", FROM, TO, seeded(7));
    assertThat(a.certificate().getEncoded()).isEqualTo(b.certificate().getEncoded());
    KeyPair kp = suite.signatures().generateKeyPair(random);
    assertThat(a.issueUser("x", Role.ADMIN, kp.getPublic(), FROM, TO).getEncoded())
        .isEqualTo(b.issueUser("x", Role.ADMIN, kp.getPublic(), FROM, TO).getEncoded());
    assertThat(CertificateAuthority.create(suite, "hospital-b", FROM, TO, seeded(8)).certificate().getEncoded())
        .isNotEqualTo(a.certificate().getEncoded());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void restoresACaFromItsCertificateAndKeysOnlyIfTheyMatch(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CertificateAuthority ca = CertificateAuthority.create(suite, "maker-1", FROM, TO, random);
    CertificateAuthority back = CertificateAuthority.of(suite, Pem.parseCertificate(Pem.certificate(ca.certificate())),
        new KeyPair(Pem.parsePublicKey(suite.signatures(), Pem.publicKey(ca.keyPair().getPublic())),
            Pem.parsePrivateKey(suite.signatures(), Pem.privateKey(ca.keyPair().getPrivate()))), random);
    assertThat(back.organisation()).isEqualTo("maker-1");
    X509Certificate issued = back.issueUser("line-3", Role.MAKER, suite.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    TrustAnchors anchors = new TrustAnchors(suite, List.of(ca.certificate()), TrustAnchors.everyRole(List.of(ca.certificate())));
    assertThat(anchors.check(issued, FROM.getTime() + 1, x -> false)).isInstanceOf(CertificateCheck.Valid.class);

    KeyPair other = suite.signatures().generateKeyPair(random);
    assertThatThrownBy(() -> CertificateAuthority.of(suite, ca.certificate(), other, random))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the certificate's");
    assertThatThrownBy(() -> CertificateAuthority.of(suite, issued, other, random))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a CA certificate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void refusesBadRequestsWithAReason(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    CryptoSuite otherSuite = CryptoSuites.byId(id.equals("gm") ? "intl" : "gm");
    assertThatThrownBy(() -> CertificateAuthority.create(suite, "Hospital A", FROM, TO, random))
        .hasMessageContaining("must be 1-63 characters of a-z 0-9 -");
    assertThatThrownBy(() -> CertificateAuthority.create(suite, "h", TO, FROM, random))
        .hasMessageContaining("validity must run from an earlier to a later date");
    CertificateAuthority ca = CertificateAuthority.create(suite, "h", FROM, TO, random);
    KeyPair kp = suite.signatures().generateKeyPair(random);
    assertThatThrownBy(() -> ca.issueUser("", Role.PATIENT, kp.getPublic(), FROM, TO)).hasMessageContaining("1-64 characters");
    assertThatThrownBy(() -> ca.issueUser("x".repeat(65), Role.PATIENT, kp.getPublic(), FROM, TO)).hasMessageContaining("1-64");
    assertThatThrownBy(() -> ca.issueUser("p", Role.PATIENT, kp.getPublic(), TO, TO)).hasMessageContaining("validity");
    assertThatThrownBy(() -> ca.issueUser("p", Role.PATIENT, otherSuite.signatures().generateKeyPair(random).getPublic(), FROM, TO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the key for p is not a " + suite.signatures().name() + " key");
    assertThatThrownBy(() -> ca.issueNode("n", kp.getPublic(), FROM, TO, List.of("bad host"), List.of()))
        .hasMessage("'bad host' is not a DNS host name");
    assertThatThrownBy(() -> ca.issueNode("n", kp.getPublic(), FROM, TO, List.of(), List.of("10.0.0.0/8")))
        .hasMessage("'10.0.0.0/8' is not an IP address literal");
    assertThatThrownBy(() -> ca.issueNode("n", kp.getPublic(), FROM, TO, List.of(), List.of("node.example")))
        .hasMessage("'node.example' is not an IP address literal");
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void neverPrintsTheKey(String id) {
    CertificateAuthority ca = CertificateAuthority.create(CryptoSuites.byId(id), "h", FROM, TO, random);
    assertThat(ca.toString()).isEqualTo("CertificateAuthority[h, " + id + "]");
  }

  @org.junit.jupiter.api.Test
  void aTransportCertificateNamesTheNodeCertificateItGoesWithAndAnOlderOneNamesNone() {
    CryptoSuite gm = CryptoSuites.gm();
    CertificateAuthority ca = CertificateAuthority.create(gm, "hospital-a", FROM, TO, random);
    X509Certificate node = ca.issueNode("hospital-a-node", gm.signatures().generateKeyPair(random).getPublic(), FROM, TO);
    org.medledger.crypto.Hash nodeId = CertificateId.of(gm.hash(), node);
    KeyPair p256 = CryptoSuites.intl().signatures().generateKeyPair(random);
    X509Certificate bound = ca.issueTransport("hospital-a-node", p256.getPublic(), nodeId, FROM, TO, List.of(), List.of("10.0.0.1"));
    assertThat(CertificateAuthority.transportBinding(bound)).contains(nodeId.hex());
    assertThat(Names.commonName(bound)).isEqualTo("hospital-a-node-tls");
    X509Certificate unbound = ca.issueTransport("hospital-a-node", p256.getPublic(), FROM, TO, List.of(), List.of());
    assertThat(CertificateAuthority.transportBinding(unbound)).isEmpty();
    assertThat(CertificateAuthority.transportBinding(node)).isEmpty();
  }
}
