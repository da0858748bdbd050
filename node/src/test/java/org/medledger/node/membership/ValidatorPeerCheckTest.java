package org.medledger.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/** Issue 20 finding 10: any node certificate of a genesis CA was accepted as a peer. */
class ValidatorPeerCheckTest {
  static final SecureRandom RANDOM = new SecureRandom();
  static final long NOW = System.currentTimeMillis();
  static final Date FROM = new Date(NOW - 60_000);
  static final Date TO = new Date(NOW + 3_600_000);
  static final StateReader EMPTY = new StateReader() {
    @Override
    public byte[] get(byte[] key) {
      return null;
    }

    @Override
    public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {}
  };

  @TempDir
  Path dir;

  @Test
  void onlyAValidatorInForceOrScheduledIsAcceptedAsAPeer() {
    CryptoSuite suite = CryptoSuites.intl();
    CertificateAuthority hospital = CertificateAuthority.create(suite, "hospital-a", FROM, TO, RANDOM);
    CertificateAuthority insurer = CertificateAuthority.create(suite, "insurer", FROM, TO, RANDOM);
    KeyPair validatorKeys = suite.signatures().generateKeyPair(RANDOM);
    X509Certificate validator = hospital.issueNode("hospital-a-node", validatorKeys.getPublic(), FROM, TO);
    var encryption = org.medledger.crypto.EncryptionKeyCertificate.issue(suite, suite.signatures().signer(validatorKeys), "peers",
        "node:hospital-a-node", suite.generateEncryptionKeyPair(RANDOM).getPublic());
    Genesis g = new Genesis("peers", suite.id(), NOW, List.of(
        new Organisation("hospital-a", Pem.certificate(hospital.certificate()), List.of(Role.ADMIN, Role.CLINICIAN, Role.NODE)),
        new Organisation("insurer", Pem.certificate(insurer.certificate()), List.of(Role.ADMIN, Role.INSURER, Role.NODE))),
        List.of(new ValidatorEntry("hospital-a", "hospital-a-node", Pem.certificate(validator), encryption)), List.of(),
        ChainParameters.DEFAULTS);
    ValidatorPeerCheck check = new ValidatorPeerCheck(new Membership(g), () -> EMPTY, Clock.systemUTC(), g::validators);

    assertThat(check.problem(validator)).isEmpty();
    // A second node certificate the validator's own CA signs, even under the validator's name.
    assertThat(check.problem(node(suite, hospital, "hospital-a-node"))).get().asString()
        .contains("is not a validator's, now or scheduled");
    // A node certificate of a member that runs no validator.
    assertThat(check.problem(node(suite, insurer, "insurer-node"))).get().asString().contains("is not a validator's, now or scheduled");
    // A user certificate.
    KeyPair k = suite.signatures().generateKeyPair(RANDOM);
    assertThat(check.problem(hospital.issueUser("dr-wang", Role.CLINICIAN, k.getPublic(), FROM, TO))).get().asString()
        .contains("not a node's");

    // The ledger schedules the insurer's node and removes the hospital's: the links follow.
    KeyPair joinerKeys = suite.signatures().generateKeyPair(RANDOM);
    X509Certificate joiner = insurer.issueNode("insurer-node", joinerKeys.getPublic(), FROM, TO);
    var joinerEncryption = org.medledger.crypto.EncryptionKeyCertificate.issue(suite, suite.signatures().signer(joinerKeys),
        "peers", "node:insurer-node", suite.generateEncryptionKeyPair(RANDOM).getPublic());
    java.util.concurrent.atomic.AtomicReference<List<ValidatorEntry>> inForce = new java.util.concurrent.atomic.AtomicReference<>(
        g.validators());
    ValidatorPeerCheck following = new ValidatorPeerCheck(new Membership(g), () -> EMPTY, Clock.systemUTC(), inForce::get);
    assertThat(following.problem(joiner)).get().asString().contains("is not a validator's, now or scheduled");
    inForce.set(List.of(g.validators().get(0), new ValidatorEntry("insurer", "insurer-node", Pem.certificate(joiner),
        joinerEncryption)));
    assertThat(following.problem(joiner)).isEmpty();
    assertThat(following.problem(validator)).isEmpty();
    inForce.set(List.of(new ValidatorEntry("insurer", "insurer-node", Pem.certificate(joiner), joinerEncryption)));
    assertThat(following.problem(validator)).as("a removed validator, from its removal's height")
        .get().asString().contains("is not a validator's, now or scheduled");
    assertThat(following.problem(joiner)).isEmpty();
  }

  /**
   * gm: a transport certificate speaks for the validator whose node certificate it names; one
   * naming none (an earlier release's) only for the node certificate the validator first held.
   * After a rotation, only the one naming the new node certificate.
   */
  @Test
  void onGmATransportCertificateSpeaksOnlyForTheNodeCertificateItNames() {
    CryptoSuite suite = CryptoSuites.gm();
    CertificateAuthority hospital = CertificateAuthority.create(suite, "hospital-a", FROM, TO, RANDOM);
    KeyPair keys = suite.signatures().generateKeyPair(RANDOM);
    X509Certificate first = hospital.issueNode("hospital-a-node", keys.getPublic(), FROM, TO);
    var encryption = org.medledger.crypto.EncryptionKeyCertificate.issue(suite, suite.signatures().signer(keys), "peers",
        "node:hospital-a-node", suite.generateEncryptionKeyPair(RANDOM).getPublic());
    ValidatorEntry genesisEntry = new ValidatorEntry("hospital-a", "hospital-a-node", Pem.certificate(first), encryption);
    Genesis g = new Genesis("peers", suite.id(), NOW, List.of(
        new Organisation("hospital-a", Pem.certificate(hospital.certificate()), List.of(Role.ADMIN, Role.NODE))),
        List.of(genesisEntry), List.of(), ChainParameters.DEFAULTS);
    java.util.concurrent.atomic.AtomicReference<List<ValidatorEntry>> inForce = new java.util.concurrent.atomic.AtomicReference<>(
        g.validators());
    ValidatorPeerCheck check = new ValidatorPeerCheck(new Membership(g), () -> EMPTY, Clock.systemUTC(), inForce::get);
    X509Certificate rotated = hospital.issueNode("hospital-a-node", suite.signatures().generateKeyPair(RANDOM).getPublic(), FROM, TO);
    X509Certificate boundToFirst = transport(hospital, first);
    X509Certificate boundToRotated = transport(hospital, rotated);
    X509Certificate namingNone = hospital.issueTransport("hospital-a-node",
        CryptoSuites.intl().signatures().generateKeyPair(RANDOM).getPublic(), FROM, TO, List.of(), List.of());

    assertThat(check.problem(boundToFirst)).isEmpty();
    assertThat(check.problem(namingNone)).as("an earlier release's, for the first node certificate").isEmpty();
    assertThat(check.problem(boundToRotated)).as("naming a node certificate no set holds").get().asString()
        .contains("is not a validator's, now or scheduled");

    // The rotation scheduled: both node certificates' transport certificates link until its height.
    ValidatorEntry rotatedEntry = new ValidatorEntry("hospital-a", "hospital-a-node", Pem.certificate(rotated), encryption);
    inForce.set(List.of(genesisEntry, rotatedEntry));
    assertThat(check.problem(boundToRotated)).isEmpty();
    assertThat(check.problem(boundToFirst)).isEmpty();
    // From its height: only the one naming the rotated node certificate.
    inForce.set(List.of(rotatedEntry));
    assertThat(check.problem(boundToRotated)).isEmpty();
    assertThat(check.problem(boundToFirst)).get().asString().contains("is not a validator's, now or scheduled");
    assertThat(check.problem(namingNone)).as("an earlier release's, after a rotation").get().asString()
        .contains("is not a validator's, now or scheduled");
  }

  private static X509Certificate transport(CertificateAuthority ca, X509Certificate node) {
    return ca.issueTransport("hospital-a-node", CryptoSuites.intl().signatures().generateKeyPair(RANDOM).getPublic(),
        org.medledger.crypto.x509.CertificateId.of(ca.suite().hash(), node), FROM, TO, List.of(), List.of());
  }

  static X509Certificate node(CryptoSuite suite, CertificateAuthority ca, String name) {
    return ca.issueNode(name, suite.signatures().generateKeyPair(RANDOM).getPublic(), FROM, TO);
  }
}
