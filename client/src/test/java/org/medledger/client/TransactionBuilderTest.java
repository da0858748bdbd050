package org.medledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Role;

/** The SDK's add-validator proposal carries the joiner's peer address, checked before anything is signed. */
class TransactionBuilderTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();

  @Test
  void anAddValidatorProposalCarriesThePeerAddressAndABadOneIsRefusedNamingIt() {
    SecureRandom random = new SecureRandom();
    Date from = new Date(System.currentTimeMillis() - 60_000);
    Date to = new Date(System.currentTimeMillis() + 3_600_000);
    CertificateAuthority ca = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
    KeyPair admin = SUITE.signatures().generateKeyPair(random);
    TransactionBuilder builder = new TransactionBuilder(new ClientIdentity(SUITE,
        ca.issueUser("admin", Role.ADMIN, admin.getPublic(), from, to), admin.getPrivate()), "chain", Clock.systemUTC());

    Transaction t = builder.proposeValidator("pharmacy-c", "pharmacy-c-node", "PEM", "00", "10.0.0.5:7400");
    assertThat(t.contract()).isEqualTo("governance");
    assertThat(t.method()).isEqualTo("propose");
    assertThat(t.args().get("peerAddress")).contains("10.0.0.5:7400");
    assertThat(t.args().get("kind")).contains("add-validator");

    assertThatThrownBy(() -> builder.proposeValidator("pharmacy-c", "pharmacy-c-node", "PEM", "00", "10.0.0.5"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peerAddress '10.0.0.5' must be host:port");
  }
}
