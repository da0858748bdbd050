package org.medledger.apps.credentials.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.apps.credentials.contract.view.Scope;
import org.medledger.apps.credentials.vc.ClinicianCredential;
import org.medledger.apps.credentials.vc.Jcs;
import org.medledger.apps.credentials.vc.SignedCredential;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The code's binary form without a node (the status snapshot's part: CredentialQrNetworkTest):
 * a credential the issuer's tool made (intl or gm) travels as its claims and proof fields and comes
 * back byte for byte; one of another shape travels as its JCS text, also unchanged; unknown forms and cut
 * codes are refused naming what is wrong.
 */
class CompactPresentationTest {
  private static final long DAY = 86_400_000L;
  private final CryptoSuite suite = CryptoSuites.intl();
  private final CertificateAuthority board = CertificateAuthority.create(suite, "medical-board", new Date(0),
      new Date(4_000_000_000_000L), new SecureRandom());
  private final KeyPair registrarKeys = suite.signatures().generateKeyPair(new SecureRandom());
  private final String registrarPem = Pem.certificate(board.issueUser("registrar", Role.REGULATOR,
      registrarKeys.getPublic(), new Date(0), new Date(4_000_000_000_000L)));

  private SignedCredential credential() {
    long jan2027 = 1_799_020_800_000L;
    ClinicianCredential claims = new ClinicianCredential("demo-chain", "medical-board", "MB-1001",
        Hash.fromHex("ab".repeat(32)), "hospital-a", "Physician", List.of("Emergency medicine", "Toxicology"),
        List.of(Scope.PRESCRIBE, Scope.BREAK_GLASS), jan2027, jan2027 + 365 * DAY);
    return SignedCredential.sign(claims, suite, suite.signatures().signer(registrarKeys),
        CertificateId.of(suite.hash(), Pem.parseCertificate(registrarPem)), jan2027 + 1234);
  }

  @Test
  void anIssuersCredentialTravelsAsItsFieldsAndComesBackByteForByte() {
    SignedCredential c = credential();
    CredentialPresentation p = new CredentialPresentation(c.document(), registrarPem, null);
    byte[] binary = CompactPresentation.encode(p);
    assertThat(binary[0]).as("the claims-and-proof form").isEqualTo((byte) 1);
    assertThat(binary.length).isLessThan(Jcs.canonical(c.document()).length / 2 + 700);
    CredentialPresentation back = CompactPresentation.decode(binary);
    assertThat(Jcs.canonical(back.credential())).isEqualTo(Jcs.canonical(c.document()));
    assertThat(Pem.decode(Pem.CERTIFICATE, back.issuerCertificatePem())).isEqualTo(Pem.decode(Pem.CERTIFICATE, registrarPem));
    assertThat(back.status()).isNull();
    assertThat(CredentialPresentation.parse(CredentialQr.presentationJson(CredentialQr.text(p))).credential())
        .isEqualTo(c.document());
  }

  @Test
  void aGmCredentialTravelsAsItsFieldsToo() {
    CryptoSuite gm = CryptoSuites.gm();
    CertificateAuthority gmBoard = CertificateAuthority.create(gm, "medical-board", new Date(0), new Date(4_000_000_000_000L),
        new SecureRandom());
    KeyPair keys = gm.signatures().generateKeyPair(new SecureRandom());
    String pem = Pem.certificate(gmBoard.issueUser("registrar", Role.REGULATOR, keys.getPublic(), new Date(0),
        new Date(4_000_000_000_000L)));
    SignedCredential c = SignedCredential.sign(credential().claims(), gm, gm.signatures().signer(keys),
        CertificateId.of(gm.hash(), Pem.parseCertificate(pem)), 1_799_020_800_000L);
    byte[] binary = CompactPresentation.encode(new CredentialPresentation(c.document(), pem, null));
    assertThat(binary[0]).isEqualTo((byte) 1);
    assertThat(Jcs.canonical(CompactPresentation.decode(binary).credential())).isEqualTo(Jcs.canonical(c.document()));
    assertThat(c.document().path("proof").path("cryptosuite").asText()).isEqualTo("medledger-sm2-jcs-2026");
  }

  @Test
  void aDocumentOfAnotherShapeTravelsAsItsTextUnchanged() {
    ObjectNode document = credential().document().deepCopy();
    document.put("description", "issued after the board's review of 2026-11-30");
    ((ObjectNode) document.get("proof")).put("nonce", "42");
    byte[] binary = CompactPresentation.encode(new CredentialPresentation(document, registrarPem, null));
    assertThat(binary[0]).as("the JCS-text form").isEqualTo((byte) 0);
    assertThat(Jcs.canonical(CompactPresentation.decode(binary).credential())).isEqualTo(Jcs.canonical(document));
  }

  @Test
  void anUnknownFormOrACutCodeIsRefusedNamingWhatIsWrong() {
    byte[] binary = CompactPresentation.encode(new CredentialPresentation(credential().document(), registrarPem, null));
    byte[] unknown = binary.clone();
    unknown[0] = 7;
    assertThatThrownBy(() -> CompactPresentation.decode(unknown)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credential form 7");
    byte[] cut = java.util.Arrays.copyOf(binary, binary.length - 10);
    assertThatThrownBy(() -> CompactPresentation.decode(cut)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the code's binary form is malformed");
    assertThatThrownBy(() -> CompactPresentation.encode(new CredentialPresentation(credential().document(), "not a PEM", null)))
        .hasMessageContaining("issuerCertificate is not a PEM certificate");
  }
}
