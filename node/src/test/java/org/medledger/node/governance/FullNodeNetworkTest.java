package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.consensus.message.ConsensusMessageCodec;
import org.medledger.consensus.message.Proposal;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateAuthority;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.network.PeerAddress;
import org.medledger.network.TlsTransport;
import org.medledger.network.Topic;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeSecrets;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.application.Applications;
import org.medledger.node.bft.BftOrdering;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.config.NodeRole;

/**
 * Four real validators and two full nodes (org-1's and org-2's, each with a node certificate of
 * its own organisation's CA, registered on the ledger, {@code "role": "full"}). The full nodes
 * link to the validators as followers, follow the chain by block sync and, with a validator down,
 * take a write (gossiped on to the validators) and serve reads: the anchor's receipt, which
 * verifies offline against the genesis, and the chain head. The cheats: a registered full node's
 * certificate signing precommits and a proposal in the validators' names counts for no one; an
 * unregistered node certificate of a member and a node certificate of a non-member CA are refused
 * as peers; a full node whose certificate its organisation revokes is dropped and syncs no more.
 */
class FullNodeNetworkTest {
  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  /** A node certificate of {@code ca} with its key, written beside a data folder for a node. */
  private record NodeIdentity(String name, String organisation, X509Certificate certificate, KeyPair keys, Path certFile,
      Path keyFile) {}

  @Test
  void twoFullNodesFollowTheChainAndServeReadsWhileAValidatorIsDownAndCountForNoOne() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    NodeIdentity full1 = nodeIdentity(net, net.ca(1), "org-1", "org-1-full");
    NodeIdentity full2 = nodeIdentity(net, net.ca(2), "org-2", "org-2-full");
    NodeIdentity cheater = nodeIdentity(net, net.ca(3), "org-3", "org-3-full");
    NodeIdentity unregistered = nodeIdentity(net, net.ca(3), "org-3", "org-3-spare");
    CertificateAuthority outsiderCa = CertificateAuthority.create(net.suite, "outsider", new Date(System.currentTimeMillis()
        - 3_600_000L), new Date(System.currentTimeMillis() + 86_400_000L), new SecureRandom());
    NodeIdentity outsider = nodeIdentity(net, outsiderCa, "outsider", "outsider-node");
    try (RunningValidators validators = RunningValidators.start(net)) {
      validators.commit(net.registerClinician());
      // Each full node's certificate registers itself (the signature proves it holds the key).
      for (NodeIdentity f : List.of(full1, full2, cheater)) {
        validators.commit(net.register(member(net, f)));
      }
      MedLedgerNode f1 = start(net, full1);
      MedLedgerNode f2 = start(net, full2);
      RunningValidators.await("both full nodes linked to the four validators and caught up", 20_000,
          () -> peers(f1) >= 4 && peers(f2) >= 4 && f1.ledger().height() == validators.node(0).ledger().height()
              && f2.ledger().height() == validators.node(0).ledger().height());

      // The refused: a member's node certificate nobody registered, a non-member's; both dial validator 0.
      TlsTransport spare = transport(unregistered);
      TlsTransport stranger = transport(outsider);
      TlsTransport forger = transport(cheater);
      for (int i = 0; i < 4; i++) {
        PeerAddress v = new PeerAddress("org-" + i + "-node", "127.0.0.1", net.configs.get(i).p2pPort());
        spare.connect(v);
        stranger.connect(v);
        forger.connect(v);
      }
      RunningValidators.await("the registered cheater linked to the four", 20_000, () -> forger.connectedPeers().size() == 4);
      // The two refused dialled as long as the one accepted took to link, and longer.
      Thread.sleep(1_000);
      assertThat(spare.connectedPeers()).as("an unregistered node certificate of a member").isEmpty();
      assertThat(stranger.connectedPeers()).as("a node certificate of a non-member CA").isEmpty();

      // The cheat: precommits in every validator's name and a proposal, signed with the full node's key.
      long next = validators.node(0).ledger().height() + 1;
      var signer = net.suite.signatures().signer(cheater.keys());
      String chainId = net.genesis.signingChainId();
      byte[] bogus = "a block no validator proposed".getBytes();
      Hash bogusId = Hash.of(net.suite.hash().hash(bogus));
      for (long h = next; h < next + 3; h++) {
        forger.broadcast(Topic.CONSENSUS, ConsensusMessageCodec.encode(new Proposal(h, 0, bogus, bogusId, -1,
            (int) (h % 4), signer.sign(Proposal.signedBytes(chainId, h, 0, bogusId, -1)))));
        for (int sender = 0; sender < 4; sender++) {
          for (Step step : List.of(Step.PREVOTE, Step.PRECOMMIT)) {
            forger.broadcast(Topic.CONSENSUS, ConsensusMessageCodec.encode(new Vote(step, h, 0, bogusId, sender,
                signer.sign(Vote.signedBytes(chainId, step, h, 0, bogusId)))));
          }
        }
      }

      // Validator 3 goes down; the write goes in at a full node and reaches the validators by gossip.
      validators.node(3).close();
      Transaction anchor = net.anchor("lab report read through a full node");
      assertThat(f1.admission().submit(anchor)).isInstanceOf(AdmissionResult.Accepted.class);
      Hash anchorId = anchor.id(net.suite.hash());
      RunningValidators.await("the anchor committed and synced to both full nodes", 30_000,
          () -> f1.ledger().transaction(anchorId).isPresent() && f2.ledger().transaction(anchorId).isPresent());
      assertThat(f1.ledger().transaction(anchorId).orElseThrow().outcome().success()).isTrue();
      // Two more, through the other full node, one block each: past every height the forgeries named.
      for (int k = 0; k < 2; k++) {
        Transaction more = net.anchor("another report " + k);
        assertThat(f2.admission().submit(more)).isInstanceOf(AdmissionResult.Accepted.class);
        Hash moreId = more.id(net.suite.hash());
        RunningValidators.await("anchor " + k + " committed and synced to both full nodes", 30_000,
            () -> f1.ledger().transaction(moreId).isPresent() && f2.ledger().transaction(moreId).isPresent());
      }
      long top = validators.node(0).ledger().height();
      assertThat(top).isGreaterThanOrEqualTo(next + 2);
      Hash full1Id = CertificateId.of(net.suite.hash(), full1.certificate());
      Hash cheaterId = CertificateId.of(net.suite.hash(), cheater.certificate());
      for (long h = 1; h <= top; h++) {
        var signed = validators.node(0).ledger().signedHeader(h).orElseThrow();
        assertThat(signed.certificate().seals().stream().map(CommitSeal::validator).toList()).as("block %d's seals", h)
            .doesNotContain(full1Id, cheaterId).hasSizeGreaterThanOrEqualTo(3);
        assertThat(signed.header().hash(net.suite.hash())).isNotEqualTo(bogusId);
      }
      for (int i = 0; i < 3; i++) {
        assertThat(((BftOrdering) validators.node(i).ordering()).evidence()).as("no honest validator blamed for the forgeries")
            .isEmpty();
      }

      // Reads through each full node's API, logged in as the clinician.
      for (MedLedgerNode f : List.of(f1, f2)) {
        MedLedgerClient api = new MedLedgerClient("http://127.0.0.1:" + f.apiPort());
        api.login(Pem.certificate(net.clinicianCert), net.clinician);
        JsonNode receipt = api.get("/v1/receipts/tx/" + anchorId.hex());
        var verified = new ReceiptVerifier(net.genesis).verify(receipt);
        assertThat(verified.ok()).as(verified.toString()).isTrue();
        long head = api.get("/v1/blocks/latest").path("height").asLong();
        assertThat(head).isGreaterThanOrEqualTo(f.ledger().height() - 1).isGreaterThanOrEqualTo(
            f1.ledger().transaction(anchorId).orElseThrow().height());
        // The portal is served too, from the full node's own copy of the chain.
        var page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + f.apiPort() + "/ui/signin")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Sign in");
        JsonNode health = api.get("/v1/health");
        assertThat(health.path("role").asText()).isEqualTo("full");
        assertThat(health.path("validatorPeers").asInt()).isEqualTo(3);
        assertThat(health.path("quorumReachable").asBoolean()).isTrue();
      }
      // Without a shard store (node.json "vault") a full node keeps no shards and opens no record's content, saying so.
      assertThat(f1.vault().repair()).isZero();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> f1.vault().fetch(anchorId))
          .hasMessageContaining("this full node keeps no shard store");
      // A validator counts the full nodes' links for no quorum: two other validators up, itself the third.
      JsonNode h0 = new MedLedgerClient("http://127.0.0.1:" + validators.node(0).apiPort()).get("/v1/health");
      assertThat(h0.path("validatorPeers").asInt()).isEqualTo(2);
      assertThat(h0.path("quorumReachable").asBoolean()).isTrue();

      // org-2's admin revokes its full node's certificate: the validators drop its links, and it syncs nothing more.
      BftTestNetwork.Member admin2 = net.member(2, "admin-2", org.medledger.crypto.x509.Role.ADMIN);
      commitAtThree(net, validators, net.register(admin2));
      commitAtThree(net, validators, net.tx(admin2, "membership", "revoke", "certificate",
          CertificateId.of(net.suite.hash(), full2.certificate()).hex(), "reason", "host retired"));
      RunningValidators.await("the revoked full node unlinked", 20_000, () -> peers(f2) == 0);
      Transaction after = net.anchor("after the revocation");
      Hash afterId = after.id(net.suite.hash());
      commitAtThree(net, validators, after);
      RunningValidators.await("the other full node synced it", 20_000, () -> f1.ledger().transaction(afterId).isPresent());
      assertThat(f2.ledger().transaction(afterId)).as("nothing reaches a revoked full node").isEmpty();

      // A validator's own certificate cannot be run as a full node (it would vote after all): refused, naming why.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> MedLedgerNode.start(net.configs.get(3).withRole(NodeRole.FULL)))
          .hasMessageContaining("node.json says \"role\": \"full\"").hasMessageContaining("is a validator's");
    } finally {
      for (AutoCloseable c : open) {
        c.close();
      }
    }
  }

  /** Admits {@code tx} at validator 0 and waits until validators 0 to 2 (3 is down) committed it, successfully. */
  private static void commitAtThree(BftTestNetwork net, RunningValidators validators, Transaction tx) throws Exception {
    assertThat(validators.node(0).admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed at the three", 30_000,
        () -> java.util.stream.IntStream.range(0, 3).allMatch(i -> validators.node(i).ledger().transaction(id).isPresent()));
    var outcome = validators.node(0).ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  private NodeIdentity nodeIdentity(BftTestNetwork net, CertificateAuthority ca, String organisation, String name)
      throws java.io.IOException {
    long now = System.currentTimeMillis();
    KeyPair k = net.suite.signatures().generateKeyPair(new SecureRandom());
    X509Certificate cert = ca.issueNode(name, k.getPublic(), new Date(now - 3_600_000L), new Date(now + 86_400_000L));
    Path folder = Files.createDirectories(dir.resolve(name));
    Files.writeString(folder.resolve("cert.pem"), Pem.certificate(cert));
    Files.writeString(folder.resolve("key.pem"), Pem.privateKey(k.getPrivate()));
    return new NodeIdentity(name, organisation, cert, k, folder.resolve("cert.pem"), folder.resolve("key.pem"));
  }

  private static BftTestNetwork.Member member(BftTestNetwork net, NodeIdentity n) {
    return new BftTestNetwork.Member(n.name(), n.certificate(), n.keys(), CertificateId.of(net.suite.hash(), n.certificate()),
        net.suite.signatures().signer(n.keys()));
  }

  /** A full node as node.json says it: its own certificate, the validators as peers, {@code "role": "full"}. */
  private MedLedgerNode start(BftTestNetwork net, NodeIdentity n) throws Exception {
    List<PeerAddress> validators = new ArrayList<>();
    for (NodeConfig v : net.configs) {
      validators.add(new PeerAddress(v.nodeName(), "127.0.0.1", v.p2pPort()));
    }
    Path data = n.certFile().getParent().resolve("data");
    NodeSecrets.createMissing(data, true, Applications.onClassPath().all());
    NodeConfig config = new NodeConfig(n.name(), n.organisation(), net.configs.get(0).genesis(), data, n.certFile(),
        n.keyFile(), "127.0.0.1", 0, "127.0.0.1", BftTestNetwork.freePort(), validators)
        .withPlainLoopbackApi().withRole(NodeRole.FULL);
    // Through the file, as an operator writes it.
    config.write(n.certFile().getParent().resolve("node.json"));
    MedLedgerNode node = MedLedgerNode.start(NodeConfig.read(n.certFile().getParent().resolve("node.json")));
    open.add(node);
    return node;
  }

  private TlsTransport transport(NodeIdentity n) {
    TlsTransport t = new TlsTransport(n.certificate(), n.keys().getPrivate(), cert -> java.util.Optional.empty(),
        (peer, topic, payload) -> { });
    open.add(t);
    return t;
  }

  private static int peers(MedLedgerNode n) {
    return ((BftOrdering) n.ordering()).connectedPeers();
  }
}
