package org.medledger.node.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.Organisation;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.membership.Membership;
import org.medledger.core.membership.MembershipContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;

/**
 * Who links as a follower: a member's node certificate registered on the ledger, and nothing
 * else that is not a validator's — not one nobody registered, not a non-member's, not a revoked
 * one, not a user's, and not a genesis validator's once the ledger removed it from the set.
 */
class FullNodePeerCheckTest {
  private final CryptoSuite suite = CryptoSuites.intl();
  private final CertificateAuthority hospital = CertificateAuthority.create(suite, "hospital-a", ValidatorPeerCheckTest.FROM,
      ValidatorPeerCheckTest.TO, ValidatorPeerCheckTest.RANDOM);
  /** The ledger's membership keys, by hex of the full key. */
  private final Map<String, byte[]> ledger = new HashMap<>();
  private final StateReader state = new StateReader() {
    @Override
    public byte[] get(byte[] key) {
      return ledger.get(Hex.encode(key));
    }

    @Override
    public void scan(byte[] prefix, java.util.function.BiPredicate<byte[], byte[]> visitor) {}
  };

  @Test
  void onlyAMembersRegisteredNodeCertificateLinksAsAFollower() throws Exception {
    KeyPair validatorKeys = suite.signatures().generateKeyPair(ValidatorPeerCheckTest.RANDOM);
    X509Certificate validator = hospital.issueNode("hospital-a-node", validatorKeys.getPublic(), ValidatorPeerCheckTest.FROM,
        ValidatorPeerCheckTest.TO);
    var encryption = org.medledger.crypto.EncryptionKeyCertificate.issue(suite, suite.signatures().signer(validatorKeys),
        "peers", "node:hospital-a-node", suite.generateEncryptionKeyPair(ValidatorPeerCheckTest.RANDOM).getPublic());
    Genesis g = new Genesis("peers", suite.id(), ValidatorPeerCheckTest.NOW, List.of(
        new Organisation("hospital-a", Pem.certificate(hospital.certificate()), List.of(Role.ADMIN, Role.CLINICIAN, Role.NODE))),
        List.of(new ValidatorEntry("hospital-a", "hospital-a-node", Pem.certificate(validator), encryption)), List.of(),
        ChainParameters.DEFAULTS);
    Membership membership = new Membership(g);
    AtomicReference<List<ValidatorEntry>> inForce = new AtomicReference<>(g.validators());
    FullNodePeerCheck check = new FullNodePeerCheck(new ValidatorPeerCheck(membership, () -> state, Clock.systemUTC(),
        inForce::get), membership, () -> state, Clock.systemUTC());

    X509Certificate full = ValidatorPeerCheckTest.node(suite, hospital, "hospital-a-full-1");
    assertThat(check.problem(full)).get().asString().contains("nor a registered full node's");
    register(full);
    assertThat(check.problem(full)).as("registered").isEmpty();
    assertThat(check.isValidator(full)).as("a follower, counted toward no quorum").isFalse();
    assertThat(check.isValidator(validator)).isTrue();

    // A user certificate, registered, is still no node.
    KeyPair k = suite.signatures().generateKeyPair(ValidatorPeerCheckTest.RANDOM);
    X509Certificate user = hospital.issueUser("dr-wang", Role.CLINICIAN, k.getPublic(), ValidatorPeerCheckTest.FROM,
        ValidatorPeerCheckTest.TO);
    register(user);
    assertThat(check.problem(user)).get().asString().contains("not a node's");

    // A node certificate of a CA the genesis does not name, even "registered" in the state by a forged write.
    CertificateAuthority outsider = CertificateAuthority.create(suite, "outsider", ValidatorPeerCheckTest.FROM,
        ValidatorPeerCheckTest.TO, ValidatorPeerCheckTest.RANDOM);
    X509Certificate stranger = ValidatorPeerCheckTest.node(suite, outsider, "outsider-node");
    register(stranger);
    assertThat(check.problem(stranger)).isPresent();

    // Revoked on the ledger: refused from then on.
    ledger.put(Hex.encode(StateKeys.of(MembershipContract.NAME, Membership.revokedKey(id(full)))), "retired".getBytes());
    assertThat(check.problem(full)).isPresent();

    // The genesis validator removed from the set is not let back in as a follower.
    inForce.set(List.of());
    assertThat(check.problem(validator)).get().asString().contains("is not a validator's, now or scheduled");
  }

  @Test
  void aVotedInValidatorRemovedLaterIsNotLetBackInAsAFollower() throws Exception {
    org.medledger.node.governance.ScheduledSetChange chain = new org.medledger.node.governance.ScheduledSetChange()
        .recordChange();
    var schedule = chain.schedule();
    long[] next = {org.medledger.node.governance.ScheduledSetChange.CHANGE};
    Membership membership = new Membership(chain.genesis);
    FullNodePeerCheck check = new FullNodePeerCheck(new ValidatorPeerCheck(membership, () -> chain.committed,
        Clock.systemUTC(), () -> schedule.validatorsFrom(next[0])), membership, () -> chain.committed, Clock.systemUTC());
    ValidatorEntry joinerEntry = chain.nodes.get(org.medledger.node.governance.ScheduledSetChange.JOINER);
    X509Certificate joiner = Pem.parseCertificate(joinerEntry.nodeCertificatePem());
    // Its certificate is on the ledger (the passing vote registers it), as a full node's would be.
    chain.put(StateKeys.of(MembershipContract.NAME, Membership.certificateKey(id(joiner))), joiner.getEncoded());
    assertThat(check.problem(joiner)).as("a validator in force").isEmpty();
    // A later change removes it again: from that height it is neither a validator nor a follower.
    List<ValidatorEntry> without = new java.util.ArrayList<>(chain.nodes.subList(0, 3));
    chain.recordSet(org.medledger.node.governance.ScheduledSetChange.CHANGE + 5, without);
    next[0] = org.medledger.node.governance.ScheduledSetChange.CHANGE + 5;
    assertThat(check.isValidator(joiner)).isFalse();
    assertThat(check.problem(joiner)).get().asString().contains("is not a validator's, now or scheduled");
  }

  private void register(X509Certificate c) throws Exception {
    ledger.put(Hex.encode(StateKeys.of(MembershipContract.NAME, Membership.certificateKey(id(c)))), c.getEncoded());
  }

  private org.medledger.crypto.Hash id(X509Certificate c) {
    return CertificateId.of(suite.hash(), c);
  }
}
