package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.ordering.SoloOrdering;

/**
 * A one-validator network (no peers: solo ordering) votes a second organisation's validator in.
 * From the change's height one seal certifies no block: the node stops ordering cleanly before
 * it, saying why, instead of following the genesis's one-validator set.
 */
class SoloValidatorSetChangeTest {
  @TempDir Path dir;

  @Test
  void aSoloNodeStopsBeforeTheHeightItsSetGrowsAtAndSaysWhy() throws Exception {
    ValidatorEntry[] joining = new ValidatorEntry[1];
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(2, List.of(Role.values())), g -> {
      joining[0] = g.validators().get(1);
      return new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators().subList(0, 1),
          g.revokedCertificates(), g.parameters(), g.applications(), g.registeredCertificates(),
          Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion());
    });
    var config = net.configs.get(0);
    MedLedgerNode node = MedLedgerNode.start(config.withP2p(config.p2pHost(), config.p2pPort(), List.of()));
    try {
      assertThat(node.ordering()).isInstanceOf(SoloOrdering.class);
      BftTestNetwork.Member admin = net.member(0, "admin-0", Role.ADMIN);
      commit(node, net, net.register(admin));
      ValidatorEntry v = joining[0];
      // The proposer's organisation is the only validator's: its own yes passes it.
      commit(node, net, net.tx(admin, "governance", "propose", "kind", "add-validator", "organisation", "org-1",
          "validator", v.name(), "nodeCertificate", v.nodeCertificatePem(), "encryptionKeyCertificate",
          Hex.encode(v.encryptionKeyCertificate().encode())));
      long joinsAt = GovernanceView.proposal(node.ledger().state(), 1).orElseThrow().proposal().effectiveAt();
      while (node.ledger().height() + 1 < joinsAt) {
        commit(node, net, net.register(net.member(0, "nurse-" + node.ledger().height(), Role.CLINICIAN)));
      }
      // One more transaction: the block it needs is at the change's height.
      Transaction late = net.register(net.member(0, "late-nurse", Role.CLINICIAN));
      assertThat(node.admission().submit(late)).isInstanceOf(AdmissionResult.Accepted.class);
      RunningValidators.await("solo ordering stopped", 20_000, () -> !node.ordering().isRunning());
      assertThat(node.ledger().height()).isEqualTo(joinsAt - 1);
      assertThat(node.ordering().stoppedBecause()).contains("height " + joinsAt).contains("has 2 validators")
          .contains("peers");
    } finally {
      node.close();
    }
  }

  private static void commit(MedLedgerNode node, BftTestNetwork net, Transaction tx) throws InterruptedException {
    AdmissionResult r = node.admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed " + tx, 20_000, () -> node.ledger().transaction(id).isPresent());
    var outcome = node.ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }
}
