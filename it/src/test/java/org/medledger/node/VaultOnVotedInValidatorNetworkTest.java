package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.records.contract.patient.PatientId;
import org.medledger.apps.records.node.RecordVault;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.vault.VaultService;

/**
 * The vault across a validator-set change, on real nodes (RocksDB, mutual TLS, Tendermint, the
 * records application): four validators vote a fifth organisation's in; a record stored after its
 * height is coded for the five (k = 4 of 5, so no single node rebuilds it) and one of its shards
 * is on the voted-in validator's node; it opens from any four, the voted-in one's included. The
 * cheat: a manifest coded for the four of the old set, registered after the height, is refused.
 */
class VaultOnVotedInValidatorNetworkTest {
  @TempDir
  Path dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(n -> {
      if (n != null) {
        n.close();
      }
    });
  }

  @Test
  void aRecordStoredAfterTheJoinersHeightPlacesAShardOnItsNode() throws Exception {
    ValidatorEntry[] joining = new ValidatorEntry[1];
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(5, List.of(Role.values())), g -> {
      joining[0] = g.validators().get(4);
      return new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators().subList(0, 4),
          g.revokedCertificates(), g.parameters(), g.applications(), g.registeredCertificates(),
          Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion());
    });
    for (int i = 0; i < 4; i++) {
      nodes.add(MedLedgerNode.start(net.configs.get(i)));
    }
    await("the four linked", 20_000, () -> nodes.stream().allMatch(n -> n.connectedPeers() >= 3));
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
      commit(net, net.register(admins.get(i)));
    }
    ValidatorEntry v = joining[0];
    commit(net, net.tx(admins.get(0), "governance", "propose", "kind", "add-validator", "organisation", "org-4",
        "validator", v.name(), "nodeCertificate", v.nodeCertificatePem(), "encryptionKeyCertificate",
        Hex.encode(v.encryptionKeyCertificate().encode())));
    commit(net, net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes"));
    commit(net, net.tx(admins.get(2), "governance", "vote", "proposal", "1", "choice", "yes"));
    long joinsAt = GovernanceView.proposal(nodes.get(0).ledger().state(), 1).orElseThrow().proposal().effectiveAt();
    nodes.add(MedLedgerNode.start(net.configs.get(4)));
    await("the joiner linked to the four", 20_000, () -> nodes.get(4).connectedPeers() >= 4);
    commit(net, net.registerClinician());
    KeyPair patient = net.suite.signatures().generateKeyPair(new SecureRandom());
    PatientId pid = PatientId.of(net.suite.hash(), patient.getPublic().getEncoded());
    commit(net, net.tx("patients", "register", "publicKey", Hex.encode(patient.getPublic().getEncoded()), "signature",
        org.medledger.apps.records.contract.patient.CareRegistration.sign(net.suite.signatures().signer(patient),
            net.genesis.chainId(), pid, "org-0"),
        "encryptionKeyCertificate", net.encryptionKeyCertificate(patient)));
    assertThat(nodes.get(0).ledger().height()).as("past the joiner's height").isGreaterThanOrEqualTo(joinsAt);

    byte[] document = new byte[64 << 10];
    new SecureRandom().nextBytes(document);
    VaultService.Stored stored = RecordVault.of(nodes.get(0)).store(net.clinicianId, document, pid, "Binary", "imaging");
    assertThat(stored.failed()).isEmpty();
    assertThat(new TreeSet<>(stored.holders())).containsExactly("org-0", "org-1", "org-2", "org-3", "org-4");
    assertThat(stored.dataShards()).as("k = n − f of the five").isEqualTo(4);
    Hash record = stored.record();
    for (MedLedgerNode n : nodes) {
      assertThat(n.vault().heldShards(record)).as("a shard on each of the five").hasSize(1);
    }
    // The cheat: a custodian seals for the four it knew (k = 3 of 4), keeping the voted-in validator
    // out; the records contract refuses the manifest: the code is the set in force's.
    var oldCode = new org.medledger.vault.DocumentSealer(net.suite, new org.medledger.vault.ErasureCode(3, 4),
        new SecureRandom()).seal("kept from org-4".getBytes(), new byte[0]);
    Transaction fourOnly = net.tx("records", "register", "record", oldCode.manifest().recordHash().hex(), "patient",
        pid.toString(), "resourceType", "Binary", "category", "imaging", "manifest", Hex.encode(oldCode.manifest().encode()),
        "patientKeyHash", "01".repeat(32), "custodianKeyHash", "02".repeat(32));
    assertThat(nodes.get(0).admission().submit(fourOnly)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash fourOnlyId = fourOnly.id(net.suite.hash());
    await("the four-holder manifest decided", 30_000,
        () -> nodes.stream().allMatch(n -> n.ledger().transaction(fourOnlyId).isPresent()));
    assertThat(nodes.get(0).ledger().transaction(fourOnlyId).orElseThrow().outcome().code()).isEqualTo("invalid_manifest");

    // Any four open it; with org-1's node down, the voted-in validator's shard is one of them.
    nodes.get(1).close();
    nodes.set(1, null);
    assertThat(nodes.get(0).vault().fetch(record, 20_000)).isEqualTo(document);
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  private void commit(BftTestNetwork net, Transaction tx) throws InterruptedException {
    AdmissionResult r = nodes.get(0).admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    await("committed", 30_000, () -> nodes.stream().filter(n -> n != null).allMatch(n -> n.ledger().transaction(id).isPresent()));
    var outcome = nodes.get(0).ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }
}
