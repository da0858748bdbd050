package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ApiException;
import org.medledger.client.ApiServerTrust;
import org.medledger.client.LogHeadTracker;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ProvenConsortium;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.membership.LedgerOrganisations;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.bft.BftOrdering;

/**
 * The SDK's trust in a voted-in organisation's node (docs/governance.md, "The CLI's and SDK's
 * trust in a voted-in organisation's node"): org-4, not in the genesis, is voted in with its
 * validator, whose API serves HTTPS with a certificate org-4's CA issued. The genesis's CAs alone
 * refuse it at the handshake; the member list proven from the genesis at the head the client
 * follows lets the SDK log in to it (the challenge naming its node) and read. The cheats: once
 * org-4 is voted out, its node is refused; and the list from before its removal, which still
 * verifies as a receipt, is refused as older than the head the client follows; and a node's API
 * certificate its organisation revoked on the ledger is refused by the SDK and the CLI following
 * the ledger, naming the revocation (the genesis's CAs alone still take it).
 */
class VotedInNodeApiTrustNetworkTest {
  @TempDir Path dir;

  private final MedLedgerNode[] nodes = new MedLedgerNode[5];

  @Test
  void theSdkLogsInToAVotedInOrganisationsNodeAndNotOnceItIsVotedOutNorWithAnOldList() throws Exception {
    ValidatorEntry[] joining = new ValidatorEntry[1];
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(5, List.of(Role.values())), g -> {
      joining[0] = g.validators().get(4);
      return new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations().subList(0, 4), g.validators().subList(0, 4),
          g.revokedCertificates(), g.parameters(), g.applications(), g.registeredCertificates(),
          Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion());
    }).withApiTls();
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    try {
      for (int i = 0; i < 4; i++) {
        nodes[i] = MedLedgerNode.start(net.configs.get(i));
      }
      RunningValidators.await("the four linked", 20_000, () -> running(0, 1, 2, 3).allMatch(n -> peers(n) >= 3));
      commit(net, admins.stream().map(net::register).toList());
      commit(net, net.tx(admins.get(0), "governance", "propose", "kind", "add-member", "organisation", "org-4",
          "caCertificate", Pem.certificate(net.ca(4).certificate()), "roles", "admin,node"), 0, 1, 2, 3);
      vote(net, admins, 1, 1, 2);
      ValidatorEntry v = joining[0];
      commit(net, net.tx(admins.get(0), "governance", "propose", "kind", "add-validator", "organisation", "org-4",
          "validator", v.name(), "nodeCertificate", v.nodeCertificatePem(), "encryptionKeyCertificate",
          Hex.encode(v.encryptionKeyCertificate().encode())), 0, 1, 2, 3);
      vote(net, admins, 2, 1, 2);
      long joinsAt = GovernanceView.proposal(nodes[0].ledger().state(), 2).orElseThrow().proposal().effectiveAt();
      nodes[4] = MedLedgerNode.start(net.configs.get(4));
      carryTo(net, joinsAt);
      RunningValidators.await("the joiner caught up past its height " + joinsAt, 30_000,
          () -> nodes[4].ledger().height() >= nodes[0].ledger().height());

      ApiServerTrust genesisOnly = ApiServerTrust.of(net.genesis);
      String joinerApi = "https://127.0.0.1:" + nodes[4].apiPort();
      assertThatThrownBy(() -> new MedLedgerClient(joinerApi, genesisOnly).health())
          .as("the genesis's CAs alone do not vouch for the voted-in organisation's node")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("not the consortium's"));

      // The SDK: the member list and the validators in force, proven from the genesis through a
      // genesis organisation's node at the head the client follows, then the voted-in node itself.
      MedLedgerClient genesisNode = new MedLedgerClient("https://127.0.0.1:" + nodes[0].apiPort(), genesisOnly);
      genesisNode.login(Pem.certificate(admins.get(0).certificate()), admins.get(0).signer());
      LogHeadTracker tracker = new LogHeadTracker(net.genesis);
      ProvenConsortium withOrg4 = ProvenConsortium.fetch(genesisNode, net.genesis, tracker);
      assertThat(withOrg4.organisations()).extracting(o -> o.name()).contains("org-4");
      MedLedgerClient joiner = new MedLedgerClient(joinerApi, genesisOnly.withLedger(withOrg4));
      joiner.login(Pem.certificate(admins.get(0).certificate()), admins.get(0).signer());
      assertThat(joiner.get("v1/governance/consortium").path("organisations")).hasSize(5);
      // The CLI's --api/--genesis with --via: the same proof through the genesis organisation's node first.
      org.medledger.node.application.ApiOptions cli = new org.medledger.node.application.ApiOptions();
      cli.api = joinerApi;
      cli.genesis = net.configs.get(0).genesis();
      cli.via = "https://127.0.0.1:" + nodes[0].apiPort();
      cli.viaTokenFile = dir.resolve("via-token");
      assertThatThrownBy(cli::client).as("no token for the via node").isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--via-token-file").hasMessageContaining("via-token");
      java.nio.file.Files.writeString(cli.viaTokenFile, genesisNode.token());
      MedLedgerClient fromCli = cli.client();
      fromCli.login(Pem.certificate(admins.get(0).certificate()), admins.get(0).signer());
      assertThat(fromCli.latestBlock().path("signedHeader").asText()).isNotEmpty();
      // --node names the voted-in validator once --via proves it in force; another validator's name
      // for the joiner's address is refused at the handshake, and without --via the name is no genesis validator.
      cli.node = v.name();
      MedLedgerClient namedJoiner = cli.client();
      namedJoiner.login(Pem.certificate(admins.get(0).certificate()), admins.get(0).signer());
      cli.node = net.genesis.validators().get(1).name();
      assertThatThrownBy(() -> cli.client().health()).as("the joiner's address under another validator's name")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("org-4's, but this client talks to org-1's node"));
      cli.node = v.name();
      cli.via = null;
      cli.viaTokenFile = null;
      assertThatThrownBy(cli::client).as("--node naming the voted-in validator without --via")
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a validator of the genesis");
      cli.node = null;
      cli.via = "https://127.0.0.1:" + nodes[0].apiPort();
      cli.viaTokenFile = dir.resolve("via-token");
      JsonNode listWithOrg4 = genesisNode.stateReceipt(LedgerOrganisations.NAMESPACE + "/" + LedgerOrganisations.KEY,
          withOrg4.height());

      // org-1 revokes its node's API certificate on the ledger (registered first, as membership.revoke needs).
      // The genesis's revocations do not name it, so the genesis-only trust still takes it; a client
      // following the ledger does not, nor the CLI through --via; org-0's node, not revoked, still serves.
      String node1Api = "https://127.0.0.1:" + nodes[1].apiPort();
      java.security.cert.X509Certificate api1 = Pem.parseCertificate(java.nio.file.Files.readString(
          net.configs.get(1).certificate().getParent().resolve("api").resolve("cert.pem")));
      String api1Id = org.medledger.crypto.x509.CertificateId.of(net.suite.hash(), api1).hex();
      commit(net, List.of(net.tx(admins.get(1), "membership", "register", "certificate", Pem.certificate(api1)),
          net.tx(admins.get(1), "membership", "revoke", "certificate", api1Id, "reason", "api-key-leaked")));
      assertThat(new MedLedgerClient(node1Api, genesisOnly).health().path("status").asText()).isNotEmpty();
      ProvenConsortium afterRevocation = ProvenConsortium.fetch(genesisNode, net.genesis, tracker);
      assertThatThrownBy(() -> new MedLedgerClient(node1Api, genesisOnly.withLedger(afterRevocation)).health())
          .as("an API certificate the ledger revoked")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
              .contains("(" + api1Id + ") is revoked on the ledger (proven after block " + afterRevocation.height(),
                  "reason: api-key-leaked"));
      assertThat(new MedLedgerClient("https://127.0.0.1:" + nodes[0].apiPort(), genesisOnly.withLedger(afterRevocation))
          .health().path("status").asText()).isNotEmpty();
      // A list proven with no node to ask about revocations: nothing is trusted, not even an unrevoked node.
      ProvenConsortium noRevocationSource = ProvenConsortium.of(net.genesis, tracker, genesisNode.stateReceipt(
          LedgerOrganisations.NAMESPACE + "/" + LedgerOrganisations.KEY, afterRevocation.height()));
      assertThatThrownBy(() -> new MedLedgerClient("https://127.0.0.1:" + nodes[0].apiPort(),
          genesisOnly.withLedger(noRevocationSource)).health()).as("revocations unproven either way")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
              .contains("no node was given to prove the ledger's revocations through"));
      cli.api = node1Api;
      assertThatThrownBy(() -> cli.client().health()).as("the CLI's --via path")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("is revoked on the ledger"));

      // org-4 voted out: its validator first (a member holding one cannot be removed), then the organisation.
      commit(net, net.tx(admins.get(0), "governance", "propose", "kind", "remove-validator", "validator", v.name()), 0, 1, 2, 3);
      vote(net, admins, 3, 1, 2, 3);
      long leavesAt = GovernanceView.proposal(nodes[0].ledger().state(), 3).orElseThrow().proposal().effectiveAt();
      carryTo(net, leavesAt);
      commit(net, net.tx(admins.get(0), "governance", "propose", "kind", "remove-member", "organisation", "org-4"), 0, 1, 2, 3);
      vote(net, admins, 4, 1, 2);

      ProvenConsortium withoutOrg4 = ProvenConsortium.fetch(genesisNode, net.genesis, tracker);
      assertThat(withoutOrg4.organisations()).extracting(o -> o.name()).doesNotContain("org-4");
      assertThatThrownBy(() -> new MedLedgerClient(joinerApi, genesisOnly.withLedger(withoutOrg4)).health())
          .as("a removed organisation's node")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("not the consortium's"));
      assertThatThrownBy(() -> ProvenConsortium.of(net.genesis, tracker, listWithOrg4))
          .as("the list from before org-4's removal verifies as a receipt, but is older than the head the client follows")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
              .contains("before block " + tracker.current().orElseThrow().height(), "an old list"));
      JsonNode anotherKey = genesisNode.stateReceipt("governance/proposal/000000000004", withoutOrg4.height());
      assertThatThrownBy(() -> ProvenConsortium.of(net.genesis, tracker, anotherKey)).as("a receipt of another state key")
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("not governance/consortium/organisations"));
    } finally {
      for (MedLedgerNode n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }

  /** No empty blocks here: registrations carry the chain to {@code height} (a validator-set change's). */
  private void carryTo(BftTestNetwork net, long height) throws InterruptedException {
    for (int k = 0; nodes[0].ledger().height() < height; k++) {
      commit(net, List.of(net.register(net.member(k % 4, "clinician-" + height + "-" + k, Role.CLINICIAN))));
    }
  }

  /** The admins at {@code voters} vote yes on proposal {@code proposal}, together (a block or two, not one each). */
  private void vote(BftTestNetwork net, List<BftTestNetwork.Member> admins, int proposal, int... voters)
      throws InterruptedException {
    commit(net, java.util.Arrays.stream(voters).mapToObj(i -> net.tx(admins.get(i), "governance", "vote", "proposal",
        Integer.toString(proposal), "choice", "yes")).toList());
  }

  /** Admits every one of {@code txs} at node 0, then waits until the four genesis validators committed each, successfully. */
  private void commit(BftTestNetwork net, List<Transaction> txs) throws InterruptedException {
    for (Transaction tx : txs) {
      AdmissionResult r = nodes[0].admission().submit(tx);
      assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    }
    for (Transaction tx : txs) {
      Hash id = tx.id(net.suite.hash());
      RunningValidators.await("committed " + tx, 30_000, () -> running(0, 1, 2, 3).allMatch(n -> n.ledger().transaction(id).isPresent()));
      var outcome = nodes[0].ledger().transaction(id).orElseThrow().outcome();
      assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
    }
  }

  private Stream<MedLedgerNode> running(int... at) {
    return java.util.Arrays.stream(at).mapToObj(i -> nodes[i]);
  }

  private static int peers(MedLedgerNode n) {
    return ((BftOrdering) n.ordering()).connectedPeers();
  }

  private void commit(BftTestNetwork net, Transaction tx, int... at) throws InterruptedException {
    AdmissionResult r = nodes[at[0]].admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed " + tx, 30_000, () -> running(at).allMatch(n -> n.ledger().transaction(id).isPresent()));
    var outcome = nodes[at[0]].ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }
}
