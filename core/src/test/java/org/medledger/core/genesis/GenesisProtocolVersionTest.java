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
 * The optional {@code protocolVersion} field: absent (or 1), a genesis keeps the bytes and hash it
 * had; past 1, it round-trips through JSON and binds the hash; a bad value is refused, naming the
 * field. Whether a release runs the version is the node's check at start (UpgradeGate), not this.
 */
class GenesisProtocolVersionTest {
  private static final CryptoSuite SUITE = CryptoSuites.intl();
  private static final long NOW = System.currentTimeMillis();
  private final Genesis plain = genesis();

  private static Genesis genesis() {
    SecureRandom random = new SecureRandom();
    Date from = new Date(NOW - 3_600_000L);
    Date to = new Date(NOW + 3_600_000L);
    CertificateAuthority ca = CertificateAuthority.create(SUITE, "hospital-a", from, to, random);
    KeyPair k = SUITE.signatures().generateKeyPair(random);
    String node = Pem.certificate(ca.issueNode("hospital-a-node", k.getPublic(), from, to));
    ValidatorEntry v = new ValidatorEntry("hospital-a", "hospital-a-node", node, EncryptionKeyCertificate.issue(SUITE,
        SUITE.signatures().signer(k), "pv", EncryptionKeyCertificate.nodeHolder("hospital-a-node"),
        SUITE.generateEncryptionKeyPair(random).getPublic()));
    return new Genesis("pv", SUITE.id(), 1, List.of(new Organisation("hospital-a", Pem.certificate(ca.certificate()),
        List.of(Role.ADMIN, Role.NODE))), List.of(v), List.of(), ChainParameters.DEFAULTS)
        .withGovernance(GovernanceRules.DEFAULTS);
  }

  @Test
  void aGenesisWithoutTheFieldStartsAtOneAndKeepsItsBytes() {
    String json = GenesisJson.write(plain);
    assertThat(json).doesNotContain("protocolVersion");
    Genesis back = GenesisJson.read(json);
    assertThat(back.protocolVersion()).isEqualTo(1);
    assertThat(back.encode()).isEqualTo(plain.encode());
    // Version 1 is the absence of the field: naming it changes neither the file nor the hash.
    assertThat(GenesisJson.write(plain.withProtocolVersion(1))).isEqualTo(json);
    assertThat(plain.withProtocolVersion(1).hash()).isEqualTo(plain.hash());
  }

  @Test
  void aLaterVersionRoundTripsAndBindsTheHash() {
    Genesis atTwo = plain.withProtocolVersion(2);
    String json = GenesisJson.write(atTwo);
    assertThat(json).contains("\"protocolVersion\" : 2");
    Genesis back = GenesisJson.read(json);
    assertThat(back.protocolVersion()).isEqualTo(2);
    assertThat(back.hash()).isEqualTo(atTwo.hash()).isNotEqualTo(plain.hash())
        .isNotEqualTo(plain.withProtocolVersion(3).hash());
    // The other with* methods keep it: a copy never drops the chain back to version 1.
    assertThat(atTwo.withGovernance(GovernanceRules.DEFAULTS).withRegisteredCertificates(List.of())
        .withApplications(GenesisApplication.BEFORE_THE_FIELD).protocolVersion()).isEqualTo(2);
    // A version this release does not run still reads: the refusal is the node's, naming its release.
    assertThat(GenesisJson.read(GenesisJson.write(plain.withProtocolVersion(3))).protocolVersion()).isEqualTo(3);
  }

  @Test
  void badValuesAreRefusedNamingTheField() throws Exception {
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(GenesisJson.write(plain));
    for (String bad : List.of("\"2\"", "0", "-1", "1.5", "2.0", "2147483648", "null", "true", "[2]", "{}")) {
      root.set("protocolVersion", new ObjectMapper().readTree(bad));
      assertThatThrownBy(() -> GenesisJson.read(root.toString())).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("genesis: 'protocolVersion' must be a whole number from 1");
    }
    root.put("protocolVersion", 2);
    assertThat(GenesisJson.read(root.toString()).protocolVersion()).isEqualTo(2);
    assertThatThrownBy(() -> plain.withProtocolVersion(0)).hasMessageContaining("protocolVersion must be 1 or more, got 0");
  }
}
