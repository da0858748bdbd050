package org.medledger.crypto.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;

class PemTest {
  final SecureRandom random = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void certificatesAndKeysRoundTrip(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    KeyPair kp = suite.signatures().generateKeyPair(random);
    String pub = Pem.publicKey(kp.getPublic());
    String priv = Pem.privateKey(kp.getPrivate());
    assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    assertThat(priv).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(priv.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);
    assertThat(Pem.parsePublicKey(suite.signatures(), pub).getEncoded()).isEqualTo(kp.getPublic().getEncoded());
    assertThat(Pem.parsePrivateKey(suite.signatures(), priv).getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    // The keys read back sign and verify together.
    KeyPair back = new KeyPair(Pem.parsePublicKey(suite.signatures(), pub), Pem.parsePrivateKey(suite.signatures(), priv));
    byte[] sig = suite.signatures().signer(back).sign(new byte[] {5});
    assertThat(suite.signatures().verifier(kp.getPublic()).verify(new byte[] {5}, sig)).isTrue();

    CertificateAuthority ca = CertificateAuthority.create(suite, "hospital-a", new java.util.Date(0), new java.util.Date(1_000_000), random);
    String cert = Pem.certificate(ca.certificate());
    assertThat(Pem.parseCertificate(cert)).isEqualTo(ca.certificate());
    assertThat(Pem.parseCertificate(cert.replace("\n", "\r\n"))).isEqualTo(ca.certificate());
  }

  @Test
  void picksTheBlockWithTheRequestedLabel() {
    CryptoSuite suite = CryptoSuites.intl();
    KeyPair kp = suite.signatures().generateKeyPair(random);
    String bundle = "comment line\n" + Pem.privateKey(kp.getPrivate()) + "\n" + Pem.publicKey(kp.getPublic());
    assertThat(Pem.decode("PUBLIC KEY", bundle)).isEqualTo(kp.getPublic().getEncoded());
    assertThat(Pem.decode("PRIVATE KEY", bundle)).isEqualTo(kp.getPrivate().getEncoded());
    assertThatThrownBy(() -> Pem.decode("CERTIFICATE", bundle)).hasMessage("no PEM 'CERTIFICATE' block found");
  }

  @Test
  void refusesBrokenTextWithoutQuotingKeyMaterial() {
    CryptoSuite suite = CryptoSuites.gm();
    KeyPair kp = suite.signatures().generateKeyPair(random);
    String body = Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded());
    // Valid base64 of a truncated key: the decoder's complaint must not echo the bytes.
    String truncated = "-----BEGIN PRIVATE KEY-----\n" + body.substring(0, 40) + "\n-----END PRIVATE KEY-----\n";
    assertThatThrownBy(() -> Pem.parsePrivateKey(suite.signatures(), truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a sm2p256v1 private key (PKCS#8)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.substring(0, 16)));
    assertThatThrownBy(() -> Pem.parsePrivateKey(suite.signatures(), "-----BEGIN PRIVATE KEY-----\nab=c=\n-----END PRIVATE KEY-----"))
        .hasMessage("PEM PRIVATE KEY block is not valid base64");
    assertThatThrownBy(() -> Pem.decode("CERTIFICATE", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----"))
        .hasMessage("PEM CERTIFICATE block is empty");
    assertThatThrownBy(() -> Pem.parseCertificate("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not an X.509 certificate");
    assertThatThrownBy(() -> Pem.parseCertificate((String) null)).hasMessage("no PEM text given (expected CERTIFICATE)");
    // A P-256 key is not an SM2 key.
    String p256 = Pem.publicKey(CryptoSuites.intl().signatures().generateKeyPair(random).getPublic());
    assertThatThrownBy(() -> Pem.parsePublicKey(suite.signatures(), p256)).isInstanceOf(IllegalArgumentException.class);
  }
}
