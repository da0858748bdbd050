package org.medledger.core.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * The optional {@code governance} field: absent, a genesis keeps the bytes and hash it had;
 * present, it round-trips through JSON, changes the hash, and its bad values are named.
 */
class GenesisGovernanceTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final long NOW = System.currentTimeMillis();
  private final CertificateAuthority ca = CertificateAuthority.create(SUITE, "hospital-a", new Date(NOW - 3_600_000L),
      new Date(NOW + 3_600_000L), new SecureRandom());
  private final Genesis plain = genesis(ca);

  private static Genesis genesis(CertificateAuthority ca) {
    SecureRandom random = new SecureRandom();
    Date from = new Date(NOW - 3_600_000L);
    Date to = new Date(NOW + 3_600_000L);
    KeyPair k = SUITE.signatures().generateKeyPair(random);
    String node = Pem.certificate(ca.issueNode("hospital-a-node", k.getPublic(), from, to));
    ValidatorEntry v = new ValidatorEntry("hospital-a", "hospital-a-node", node, EncryptionKeyCertificate.issue(SUITE,
        SUITE.signatures().signer(k), "gov", EncryptionKeyCertificate.nodeHolder("hospital-a-node"),
        SUITE.generateEncryptionKeyPair(random).getPublic()));
    return new Genesis("gov", SUITE.id(), 1, List.of(new Organisation("hospital-a", Pem.certificate(ca.certificate()),
        List.of(Role.ADMIN, Role.NODE))), List.of(v), List.of(), ChainParameters.DEFAULTS);
  }

  @Test
  void registeredCertificatesAndGovernanceTogetherRoundTripInTheirOrder() {
    KeyPair k = SUITE.signatures().generateKeyPair(new SecureRandom());
    String admin = Pem.certificate(ca.issueUser("admin", Role.ADMIN, k.getPublic(), new Date(0), new Date(NOW + 3_600_000L)));
    Genesis both = plain.withRegisteredCertificates(List.of(admin)).withGovernance(GovernanceRules.DEFAULTS);
    Genesis back = GenesisJson.read(GenesisJson.write(both));
    assertThat(back.registeredCertificates()).hasSize(1);
    assertThat(back.governance()).contains(GovernanceRules.DEFAULTS);
    assertThat(back.hash()).isEqualTo(both.hash())
        .isNotEqualTo(plain.withRegisteredCertificates(List.of(admin)).hash())
        .isNotEqualTo(plain.withGovernance(GovernanceRules.DEFAULTS).hash());
    // Either order of building gives one genesis: the fields are components, not an appended history.
    assertThat(plain.withGovernance(GovernanceRules.DEFAULTS).withRegisteredCertificates(List.of(admin)).encode())
        .isEqualTo(both.encode());
  }

  @Test
  void aGenesisWithoutTheFieldKeepsItsBytesAndReadsBackWithoutGovernance() throws Exception {
    String json = GenesisJson.write(plain);
    assertThat(json).doesNotContain("governance");
    Genesis back = GenesisJson.read(json);
    assertThat(back.governance()).isEmpty();
    assertThat(back.encode()).isEqualTo(plain.encode());
    assertThat(back.hash()).isEqualTo(plain.hash());
  }

  @Test
  void theFieldRoundTripsAndBindsTheHash() {
    GovernanceRules rules = new GovernanceRules(Threshold.parse(">=3/4"), Threshold.parse(">=2/3"), 50, 3);
    Genesis governed = plain.withGovernance(rules);
    Genesis back = GenesisJson.read(GenesisJson.write(governed));
    assertThat(back.governance()).contains(rules);
    assertThat(back.hash()).isEqualTo(governed.hash()).isNotEqualTo(plain.hash());
  }

  @Test
  void leftOutValuesTakeTheDefaultsAndBadOnesAreNamed() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = (ObjectNode) mapper.readTree(GenesisJson.write(plain));
    root.putObject("governance");
    assertThat(GenesisJson.read(root.toString()).governance()).contains(GovernanceRules.DEFAULTS);
    ((ObjectNode) root.get("governance")).put("memberChanges", "half");
    assertThatThrownBy(() -> GenesisJson.read(root.toString())).hasMessageContaining("genesis: governance: threshold 'half'");
    ((ObjectNode) root.get("governance")).put("memberChanges", ">1/2").put("votingPeriodBlocks", 0);
    assertThatThrownBy(() -> GenesisJson.read(root.toString())).hasMessageContaining("votingPeriodBlocks must be within");
    root.put("governance", "yes");
    assertThatThrownBy(() -> GenesisJson.read(root.toString())).hasMessageContaining("'governance' must be an object");
  }
}
