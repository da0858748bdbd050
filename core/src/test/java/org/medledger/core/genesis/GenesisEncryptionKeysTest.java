package org.medledger.core.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * Each validator's encryption key is certified by its node key inside the genesis (issue 23,
 * finding 6), so anyone holding the genesis, and nothing else, knows to which key a node's data
 * keys may be wrapped. A genesis in which one member put an encryption key the node did not
 * certify, or the node key itself, is refused, naming the validator.
 */
class GenesisEncryptionKeysTest {
  private static final String CHAIN = "genesis-enc";
  private final SecureRandom random = new SecureRandom();

  private record Node(String org, String pem, KeyPair keys, Signer signer) {}

  private List<Node> nodes(CryptoSuite suite, List<Organisation> orgs) {
    long now = System.currentTimeMillis();
    Date from = new Date(now - 3_600_000L);
    Date to = new Date(now + 3_600_000L);
    List<Node> out = new ArrayList<>();
    for (String org : List.of("hospital-a", "hospital-b")) {
      CertificateAuthority ca = CertificateAuthority.create(suite, org, from, to, random);
      orgs.add(new Organisation(org, Pem.certificate(ca.certificate()), List.of(Role.ADMIN, Role.NODE)));
      KeyPair k = suite.signatures().generateKeyPair(random);
      out.add(new Node(org, Pem.certificate(ca.issueNode(org + "-node", k.getPublic(), from, to)), k, suite.signatures().signer(k)));
    }
    return out;
  }

  private ValidatorEntry entry(CryptoSuite suite, Node n, Signer certifiedBy, PublicKey encryption) {
    return new ValidatorEntry(n.org(), n.org() + "-node", n.pem(), EncryptionKeyCertificate.issue(suite, certifiedBy, CHAIN,
        EncryptionKeyCertificate.nodeHolder(n.org() + "-node"), encryption));
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aGenesisCarriesEachNodesCertifiedEncryptionKeyThroughItsJson(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    List<Organisation> orgs = new ArrayList<>();
    List<Node> nodes = nodes(suite, orgs);
    List<KeyPair> enc = List.of(suite.generateEncryptionKeyPair(random), suite.generateEncryptionKeyPair(random));
    Genesis g = new Genesis(CHAIN, id, 1, orgs, List.of(entry(suite, nodes.get(0), nodes.get(0).signer(), enc.get(0).getPublic()),
        entry(suite, nodes.get(1), nodes.get(1).signer(), enc.get(1).getPublic())), List.of(), ChainParameters.DEFAULTS);
    Genesis read = GenesisJson.read(GenesisJson.write(g));
    assertThat(read).isEqualTo(g);
    assertThat(read.hash()).isEqualTo(g.hash());
    for (int i = 0; i < 2; i++) {
      assertThat(read.encryptionKey(read.validators().get(i)).publicKey().getEncoded()).isEqualTo(enc.get(i).getPublic().getEncoded());
    }
    // The hash covers the certificates: another encryption key is another network.
    Genesis other = new Genesis(CHAIN, id, 1, orgs, List.of(entry(suite, nodes.get(0), nodes.get(0).signer(),
        suite.generateEncryptionKeyPair(random).getPublic()), g.validators().get(1)), List.of(), ChainParameters.DEFAULTS);
    assertThat(other.hash()).isNotEqualTo(g.hash());
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void aGenesisWhoseEncryptionKeyTheNodeDidNotCertifyIsRefused(String id) {
    CryptoSuite suite = CryptoSuites.byId(id);
    List<Organisation> orgs = new ArrayList<>();
    List<Node> nodes = nodes(suite, orgs);
    ValidatorEntry honest = entry(suite, nodes.get(0), nodes.get(0).signer(), suite.generateEncryptionKeyPair(random).getPublic());
    // hospital-a, drafting the genesis, certifies under hospital-b's node an encryption key of its own.
    ValidatorEntry swapped = entry(suite, nodes.get(1), nodes.get(0).signer(), suite.generateEncryptionKeyPair(random).getPublic());
    assertThatThrownBy(() -> new Genesis(CHAIN, id, 1, orgs, List.of(honest, swapped), List.of(), ChainParameters.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validator hospital-b-node")
        .hasMessageContaining("not signed by its signing key");

    // hospital-b's node key offered as its encryption key, self-signed: refused.
    Node b = nodes.get(1);
    String holder = EncryptionKeyCertificate.nodeHolder("hospital-b-node");
    byte[] spki = b.keys().getPublic().getEncoded();
    ValidatorEntry signingAsEncryption = new ValidatorEntry(b.org(), "hospital-b-node", b.pem(), new EncryptionKeyCertificate(CHAIN,
        holder, id, spki, b.signer().sign(EncryptionKeyCertificate.statement(CHAIN, holder, id, spki))));
    assertThatThrownBy(() -> new Genesis(CHAIN, id, 1, orgs, List.of(honest, signingAsEncryption), List.of(), ChainParameters.DEFAULTS))
        .hasMessageContaining("is its signing key");

    // Certified by the right key for another chain, or under another validator's name: refused.
    ValidatorEntry otherChain = new ValidatorEntry(b.org(), "hospital-b-node", b.pem(), EncryptionKeyCertificate.issue(suite, b.signer(),
        "another-chain", holder, suite.generateEncryptionKeyPair(random).getPublic()));
    assertThatThrownBy(() -> new Genesis(CHAIN, id, 1, orgs, List.of(honest, otherChain), List.of(), ChainParameters.DEFAULTS))
        .hasMessageContaining("chain 'another-chain'");
    ValidatorEntry renamed = new ValidatorEntry(b.org(), "hospital-b-node", b.pem(), honest.encryptionKeyCertificate());
    assertThatThrownBy(() -> new Genesis(CHAIN, id, 1, orgs, List.of(honest, renamed), List.of(), ChainParameters.DEFAULTS))
        .hasMessageContaining("names 'node:hospital-a-node'");
  }

  @org.junit.jupiter.api.Test
  void aGenesisWithoutEncryptionKeysIsRefusedWithWhatToDo() {
    String id = "intl";
    CryptoSuite suite = CryptoSuites.byId(id);
    List<Organisation> orgs = new ArrayList<>();
    List<Node> nodes = nodes(suite, orgs);
    Genesis g = new Genesis(CHAIN, id, 1, orgs, List.of(entry(suite, nodes.get(0), nodes.get(0).signer(),
        suite.generateEncryptionKeyPair(random).getPublic())), List.of(), ChainParameters.DEFAULTS);
    // As written before genesis v3: the validator without its certificate.
    String v2 = GenesisJson.write(g).replaceAll("(?m)^.*\"encryptionKeyCertificate\".*\\n", "").replaceAll(",(\\s*})", "$1");
    assertThatThrownBy(() -> GenesisJson.read(v2))
        .hasMessageContaining("validator 'hospital-a-node' has no 'encryptionKeyCertificate'")
        .hasMessageContaining("network init");
  }
}
