package org.medledger.core.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateCheck;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The genesis's optional {@code registeredCertificates}: network init's admins are members from the
 * first block, with no registration of their own; a genesis without the field keeps its bytes and
 * hash; a registered certificate must pass the rule membership.register applies (its CA, a role
 * the genesis grants its organisation), so a member cannot slip in a role through the genesis.
 */
class GenesisRegisteredCertificatesTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private final SecureRandom random = new SecureRandom();
  private final long now = System.currentTimeMillis();
  private final Date from = new Date(now - 3_600_000L);
  private final Date to = new Date(now + 3_600_000L);
  private final CertificateAuthority hospital = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
  private final CertificateAuthority regulator = CertificateAuthority.create(SUITE, "regulator", from, to, random);
  private final Genesis plain = genesis();

  private Genesis genesis() {
    KeyPair node = SUITE.signatures().generateKeyPair(random);
    ValidatorEntry v = new ValidatorEntry("hospital-a", "hospital-a-node",
        Pem.certificate(hospital.issueNode("hospital-a-node", node.getPublic(), from, to)),
        EncryptionKeyCertificate.issue(SUITE, SUITE.signatures().signer(node), "reg-test",
            EncryptionKeyCertificate.nodeHolder("hospital-a-node"), SUITE.generateEncryptionKeyPair(random).getPublic()));
    return new Genesis("reg-test", "intl", now, List.of(
        new Organisation("hospital-a", Pem.certificate(hospital.certificate()), List.of(Role.ADMIN, Role.NODE, Role.CLINICIAN)),
        new Organisation("regulator", Pem.certificate(regulator.certificate()), List.of(Role.ADMIN, Role.NODE, Role.REGULATOR))),
        List.of(v), List.of(), ChainParameters.DEFAULTS);
  }

  private String user(CertificateAuthority ca, String name, Role role) {
    return Pem.certificate(ca.issueUser(name, role, SUITE.signatures().generateKeyPair(random).getPublic(), from, to));
  }

  private static final StateReader EMPTY = new StateReader() {
    @Override
    public byte[] get(byte[] key) {
      return null;
    }

    @Override
    public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {}
  };

  @Test
  void anAdminTheGenesisRegistersIsAMemberFromTheFirstBlockThroughItsJson() {
    String admin = user(hospital, "hospital-a-admin", Role.ADMIN);
    Genesis g = plain.withRegisteredCertificates(List.of(admin));
    Genesis read = GenesisJson.read(GenesisJson.write(g));
    assertThat(read).isEqualTo(g);
    assertThat(read.hash()).isEqualTo(g.hash());
    var id = CertificateId.of(SUITE.hash(), Pem.parseCertificate(admin));
    assertThat(new Membership(read).member(EMPTY, id, now)).isInstanceOf(CertificateCheck.Valid.class);
    // An unregistered certificate of the same CA is not a member.
    var other = CertificateId.of(SUITE.hash(), Pem.parseCertificate(user(hospital, "dr-x", Role.CLINICIAN)));
    assertThat(new Membership(read).member(EMPTY, other, now)).isInstanceOf(CertificateCheck.Invalid.class);
  }

  @Test
  void aGenesisWithoutTheFieldKeepsItsBytesAndOneWithItIsAnotherNetwork() {
    assertThat(GenesisJson.write(plain)).doesNotContain("registeredCertificates");
    assertThat(plain.withRegisteredCertificates(List.of()).encode()).isEqualTo(plain.encode());
    assertThat(plain.withRegisteredCertificates(List.of(user(hospital, "a", Role.ADMIN))).hash()).isNotEqualTo(plain.hash());
  }

  @Test
  void aMemberCannotRegisterThroughTheGenesisARoleItsOrganisationIsNotGranted() {
    Genesis cheating = plain.withRegisteredCertificates(List.of(user(regulator, "fake-doctor", Role.CLINICIAN)));
    assertThatThrownBy(() -> new Membership(cheating)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered certificate").hasMessageContaining("clinician");
    // A CA no genesis organisation holds, though it names one.
    CertificateAuthority outsider = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
    Genesis foreign = plain.withRegisteredCertificates(List.of(user(outsider, "intruder", Role.ADMIN)));
    assertThatThrownBy(() -> new Membership(foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered certificate");
    String twice = user(hospital, "a", Role.ADMIN);
    assertThatThrownBy(() -> new Membership(plain.withRegisteredCertificates(List.of(twice, twice))))
        .hasMessageContaining("registered twice");
  }

  @Test
  void aNonPemEntryIsRefusedNamingTheField() {
    String json = GenesisJson.write(plain.withRegisteredCertificates(List.of(user(hospital, "a", Role.ADMIN))))
        .replaceFirst("\"registeredCertificates\" : \\[", "\"registeredCertificates\" : [ 7,");
    assertThat(json).contains("[ 7,");
    assertThatThrownBy(() -> GenesisJson.read(json)).hasMessageContaining("registeredCertificates");
  }
}
