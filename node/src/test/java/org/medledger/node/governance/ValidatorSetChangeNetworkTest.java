package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.block.Block;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.receipt.ReceiptDocuments;
import org.medledger.client.LogHeadTracker;
import org.medledger.client.MedLedgerClient;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.GovernanceView;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.crypto.Signer;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.bft.BftOrdering;
import org.medledger.node.ledger.StatePrunedException;
import org.medledger.node.config.NodeConfig;
import org.medledger.network.TlsTransport;

/**
 * Five organisations on a governed chain whose genesis names four validators, run as real nodes
 * (RocksDB, mutual TLS, Tendermint). The four vote the fifth organisation's validator in; it
 * starts afterwards, its TLS links are accepted, it catches up by block sync and votes from the
 * change's height (with one of the four down, no block is final without its precommit); the vote
 * registered its node certificate, so its node signs transactions every node accepts. The four's
 * node.json never name the joiner: its address comes only from its add-validator, and each of the
 * four dials it from the ledger (issue 24 items 2/6). Then the down validator is voted out and the
 * four left go on; the joiner restarted after both changes checks its whole chain across them and
 * follows; an old validator restarted from its unchanged node.json dials the joiner again from the
 * ledger and the chain goes on. The cheats: a certificate of the old set for a block after the
 * change (its members' real keys) is refused by the check block sync runs; another organisation's
 * admin named the joiner's address, and a node listening there with another validator's real
 * certificate is refused by every validator that dials it.
 */
class ValidatorSetChangeNetworkTest {
  @TempDir Path dir;

  private final MedLedgerNode[] nodes = new MedLedgerNode[5];
  private static final long RETAINED = 6;

  @Test
  void aFifthValidatorIsVotedInCatchesUpAndVotesThenARemovedOneNoLongerCounts() throws Exception {
    ValidatorEntry[] joining = new ValidatorEntry[1];
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(5, List.of(Role.values())), g -> {
      joining[0] = g.validators().get(4);
      return new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators().subList(0, 4),
          g.revokedCertificates(), g.parameters(), g.applications(), g.registeredCertificates(),
          Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)), g.protocolVersion());
    });
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    try {
      int joinerPort = net.configs.get(4).p2pPort();
      for (int i = 0; i < 4; i++) {
        // The genesis validators' node.json name each other only, never the joiner.
        NodeConfig c = net.configs.get(i);
        net.configs.set(i, c.withP2p(c.p2pHost(), c.p2pPort(), c.peers().stream().filter(p -> p.port() != joinerPort).toList()));
      }
      // At the address the proposal names, before the joiner runs: a node presenting another
      // validator's certificate (org-3's, with its real key) in the joiner's place.
      java.util.Set<Hash> dialledTheImpostor = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.atomic.AtomicInteger impostorFrames = new java.util.concurrent.atomic.AtomicInteger();
      TlsTransport impostor = new TlsTransport(nodeCertificate(net, 3), privateKey(net, 3), cert -> {
        dialledTheImpostor.add(CertificateId.of(net.suite.hash(), cert));
        return Optional.empty();
      }, (peer, topic, payload) -> impostorFrames.incrementAndGet());
      impostor.listen("127.0.0.1", joinerPort);
      for (int i = 0; i < 4; i++) {
        // Node 1 keeps the state of its last few heights only: the receipts it serves after both
        // changes carry the changes' proofs kept when their blocks were committed.
        nodes[i] = MedLedgerNode.start(i == 1 ? net.configs.get(i).withStateRetention(RETAINED) : net.configs.get(i));
      }
      RunningValidators.await("the four linked", 20_000, () -> running(0, 1, 2, 3).allMatch(n -> peers(n) >= 3));
      for (BftTestNetwork.Member a : admins) {
        commit(net, net.register(a), 0, 1, 2, 3);
      }
      ValidatorEntry v = joining[0];
      // org-0's admin, not org-4's, names where org-4's validator is reached.
      commit(net, net.tx(admins.get(0), "governance", "propose", "kind", "add-validator", "organisation", "org-4",
          "validator", v.name(), "nodeCertificate", v.nodeCertificatePem(), "encryptionKeyCertificate",
          Hex.encode(v.encryptionKeyCertificate().encode()), "peerAddress", "127.0.0.1:" + joinerPort), 0, 1, 2, 3);
      commit(net, net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes"), 0, 1, 2, 3);
      commit(net, net.tx(admins.get(2), "governance", "vote", "proposal", "1", "choice", "yes"), 0, 1, 2, 3);
      long joinsAt = GovernanceView.proposal(nodes[0].ledger().state(), 1).orElseThrow().proposal().effectiveAt();
      assertThat(joinsAt).isGreaterThan(nodes[0].ledger().height() - 1);
      Hash joiner = CertificateId.of(net.suite.hash(), Pem.parseCertificate(v.nodeCertificatePem()));

      // Every validator dials the address from the passing block on; none links to what answers there.
      List<Hash> four = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        four.add(CertificateId.of(net.suite.hash(), nodeCertificate(net, i)));
      }
      RunningValidators.await("the four dialled the joiner's address", 20_000, () -> dialledTheImpostor.containsAll(four));
      for (int i = 0; i < 4; i++) {
        assertThat(nodes[i].ledgerDialledPeers()).containsOnlyKeys(v.name());
        assertThat(nodes[i].linkedPeerCertificates()).as("node %d's links", i).doesNotContain(nodeCertificate(net, 4));
        // Three genesis peers at most (one may be redialling under load), never a fourth in the joiner's seat.
        assertThat(peers(nodes[i])).as("node %d's dialled links: the impostor's refused", i).isLessThanOrEqualTo(3);
      }
      impostor.close();
      assertThat(impostorFrames.get()).as("frames the impostor was sent").isZero();

      nodes[4] = MedLedgerNode.start(net.configs.get(4));
      RunningValidators.await("the joiner linked to the four", 20_000, () -> peers(nodes[4]) >= 4);
      RunningValidators.await("the four dialled the joiner from the ledger's address", 20_000,
          () -> running(0, 1, 2, 3).allMatch(n -> peers(n) >= 4));
      // Its encryption key, certified by its node key in the proposal, is the one its vault keeps custodial keys with.
      RunningValidators.await("the joiner's vault holds the encryption key its proposal certified", 20_000,
          () -> nodes[4].vault().hasCustodialKey());
      // The vote registered the joiner's node certificate: its node signs a transaction every node accepts.
      BftTestNetwork.Member joinerNode = new BftTestNetwork.Member(v.name(), nodeCertificate(net, 4),
          new KeyPair(nodeCertificate(net, 4).getPublicKey(), null), joiner, nodeSigner(net, 4));
      commit(net, net.tx(joinerNode, "membership", "register", "certificate",
          Pem.certificate(net.member(4, "clinician-joined", Role.CLINICIAN).certificate())), 0, 1, 2, 3);
      // Validator 0 goes down: the five's quorum of four needs the joiner's precommit in every block.
      nodes[0].close();
      long downAt = nodes[1].ledger().height();
      for (int k = 0; k < 3; k++) {
        commit(net, net.register(net.member(1, "clinician-" + k, Role.CLINICIAN)), 1, 2, 3, 4);
      }
      long top = nodes[1].ledger().height();
      assertThat(top).isGreaterThanOrEqualTo(joinsAt);
      for (long h = 1; h <= top; h++) {
        List<Hash> sealed = seals(nodes[1], h);
        assertThat(sealed).as("block %d's seals", h).hasSizeGreaterThanOrEqualTo(3);
        if (h < joinsAt) {
          assertThat(sealed).as("block %d, before the joiner's height", h).doesNotContain(joiner);
        } else if (h > downAt) {
          assertThat(sealed).as("block %d, validator 0 down", h).contains(joiner).hasSize(4);
        }
        assertThat(nodes[4].ledger().signedHeader(h).orElseThrow().header())
            .isEqualTo(nodes[1].ledger().signedHeader(h).orElseThrow().header());
      }

      // Validator 0 (down) is voted out: four of the five validators' organisations.
      commit(net, net.tx(admins.get(1), "governance", "propose", "kind", "remove-validator", "validator", "org-0-node"),
          1, 2, 3, 4);
      for (int org : new int[] {2, 3, 4}) {
        commit(net, net.tx(admins.get(org), "governance", "vote", "proposal", "2", "choice", "yes"), 1, 2, 3, 4);
      }
      long leavesAt = GovernanceView.proposal(nodes[1].ledger().state(), 2).orElseThrow().proposal().effectiveAt();
      // The joiner restarts: it checks every certificate across both changes, and votes again.
      nodes[4].close();
      nodes[4] = MedLedgerNode.start(net.configs.get(4));
      RunningValidators.await("the restarted joiner linked", 20_000, () -> peers(nodes[4]) >= 3);
      // An old validator restarts from its unchanged node.json (org-0, removed and down, and org-1,
      // org-3): its one link beyond org-1 and org-3 is the joiner, dialled at the ledger's address.
      nodes[2].close();
      nodes[2] = MedLedgerNode.start(net.configs.get(2));
      RunningValidators.await("restarted node 2 dialled the joiner from the ledger", 20_000, () -> peers(nodes[2]) >= 3);
      assertThat(nodes[2].ledgerDialledPeers()).containsOnlyKeys(v.name());
      List<BftTestNetwork.Member> nurses = new ArrayList<>();
      Transaction lastNurse = null;
      for (int k = 0; k < 3; k++) {
        nurses.add(net.member(2, "nurse-" + k, Role.CLINICIAN));
        lastNurse = net.register(nurses.get(k));
        commit(net, lastNurse, 1, 2, 3, 4);
      }
      long end = nodes[1].ledger().height();
      assertThat(end).isGreaterThanOrEqualTo(leavesAt);
      Hash removed = CertificateId.of(net.suite.hash(), nodeCertificate(net, 0));
      for (long h = leavesAt; h <= end; h++) {
        assertThat(seals(nodes[1], h)).as("block %d, after the removal", h).doesNotContain(removed)
            .hasSizeGreaterThanOrEqualTo(3);
      }
      // Metrics and health count the set in force (org-1..org-4's), not the genesis's: the removed
      // validator, still down, is missing from no count, the joiner is one of the four.
      RunningValidators.await("node 1's metrics count the set in force, all linked", 20_000,
          () -> metric(nodes[1], "medledger_validators") == 4 && metric(nodes[1], "medledger_validators_missing") == 0);
      assertThat(metric(nodes[1], "medledger_quorum_reachable")).isEqualTo(1);
      JsonNode health = new ObjectMapper().readTree(java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + nodes[1].apiPort() + "/v1/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body());
      assertThat(health.path("validators").asInt()).isEqualTo(4);
      assertThat(health.path("validatorPeers").asInt()).isEqualTo(3);
      assertThat(health.path("quorumReachable").asBoolean()).isTrue();
      // The cheat: the genesis's four (validator 0 included, with their real keys) certify a block
      // past the removal. The genesis-only check would take it; the check sync runs refuses it.
      Block late = nodes[1].ledger().block(end).orElseThrow();
      Hash lateHash = late.header().hash(net.suite.hash());
      List<CommitSeal> oldSet = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Signer s = nodeSigner(net, i);
        oldSet.add(new CommitSeal(CertificateId.of(net.suite.hash(), nodeCertificate(net, i)),
            s.sign(CommitCertificate.commitMessage(net.genesis.signingChainId(), end, 0, lateHash))));
      }
      CommitCertificate forged = new CommitCertificate(0, oldSet);
      CommitCertificateVerifier check = new CommitCertificateVerifier(net.genesis);
      assertThat(check.problem(late.header(), lateHash, forged)).as("the genesis's set alone").isEmpty();
      assertThat(check.problemAt(nodes[1].ledger().state(), late.header(), lateHash, forged)).get().asString()
          .contains("seal from " + removed + ", which is not a validator at height " + end);

      receiptsVerifyOfflineFromTheGenesisFileAcrossBothChanges(net, admins.get(1), lastNurse, nurses.get(2), joinsAt, leavesAt, top, end,
          new SignedHeader(late.header(), forged));

      assertThat(((BftOrdering) nodes[4].ordering()).isRunning()).isTrue();
    } finally {
      for (MedLedgerNode n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }

  /**
   * Issue 24 item 3: receipts for what was committed after both changes, served by a node's API,
   * verify with the SDK's verifier (what {@code medledger verify} runs) from the genesis file
   * alone, by the two transitions they carry; the SDK's log-head tracker follows the new sets
   * once it has walked them. The cheats: the old set's certificate with the removed validator's
   * real key, and the transitions with the first one dropped, are refused.
   */
  private void receiptsVerifyOfflineFromTheGenesisFileAcrossBothChanges(BftTestNetwork net, BftTestNetwork.Member reader,
      Transaction tx,
      BftTestNetwork.Member registered, long joinsAt, long leavesAt, long sealedWithJoiner, long end,
      SignedHeader forgedByOldSet) throws Exception {
    Genesis fromFile = GenesisJson.read(Files.readString(net.configs.get(0).genesis()));
    MedLedgerClient api = new MedLedgerClient("http://127.0.0.1:" + nodes[1].apiPort());
    api.login(Pem.certificate(reader.certificate()), reader.signer());
    ReceiptVerifier verifier = new ReceiptVerifier(fromFile);

    JsonNode txReceipt = api.transactionReceipt(tx.id(net.suite.hash()).hex());
    assertThat(txReceipt.get("validatorTransitions")).extracting(t -> t.get("effectiveAt").asLong())
        .containsExactly(joinsAt, leavesAt);
    assertThat(verifier.verify(txReceipt)).isInstanceOfSatisfying(Verification.Verified.class, v -> assertThat(v.summary())
        .contains("(the set in force from height " + leavesAt + ", reached from the genesis through 2 proven validator-set changes)"));
    JsonNode inclusion = api.get("v1/proofs/inclusion/" + tx.id(net.suite.hash()).hex());
    assertThat(new org.medledger.client.InclusionProofVerifier(fromFile).verify(inclusion).ok()).isTrue();
    String certKey = "membership/cert/" + registered.id().hex();
    byte[] joinedKey = ValidatorHistory.stateKey(joinsAt);
    assertThatThrownBy(() -> nodes[1].ledger().stateProof(joinedKey, joinsAt - 1)).as("node 1 pruned the state of block %d", joinsAt - 1)
        .isInstanceOf(StatePrunedException.class);
    JsonNode stateReceipt = api.stateReceipt(certKey, end);
    assertThat(stateReceipt.get("present").asBoolean()).isTrue();
    assertThat(verifier.verify(stateReceipt).ok()).as(verifier.verify(stateReceipt).toString()).isTrue();
    // Before the first change a receipt keeps its old shape (from a node that keeps every height).
    MedLedgerClient keepsAll = new MedLedgerClient("http://127.0.0.1:" + nodes[2].apiPort());
    keepsAll.login(Pem.certificate(reader.certificate()), reader.signer());
    JsonNode early = keepsAll.stateReceipt(certKey, joinsAt - 1);
    assertThat(early.has("validatorTransitions")).isFalse();
    assertThat(verifier.verify(early).ok()).isTrue();

    ObjectNode dropped = stateReceipt.deepCopy();
    ((ArrayNode) dropped.get("validatorTransitions")).remove(0);
    assertThat(verifier.verify(dropped)).isInstanceOfSatisfying(Verification.Failed.class, f -> {
      assertThat(f.check()).isEqualTo("validatorTransitions");
      assertThat(f.reason()).startsWith("validator-set transition 1 (to height " + leavesAt + "): block " + (leavesAt - 1)
          + " is not sealed by the set in force then").contains("which is not a genesis validator");
    });
    var ledger = nodes[1].ledger();
    var proof = ledger.stateProof(org.medledger.core.runtime.StateKeys.of("membership", "cert/" + registered.id().hex()), end)
        .orElseThrow();
    JsonNode forged = new ObjectMapper().valueToTree(ReceiptDocuments.stateReceipt(proof, forgedByOldSet, ledger.hashFunction(),
        ledger.validatorTransitions(end)));
    assertThat(verifier.verify(forged)).isInstanceOfSatisfying(Verification.Failed.class, f -> assertThat(f.reason())
        .contains("which is not a validator at height " + end + " (the set in force from height " + leavesAt + ")"));

    LogHeadTracker tracker = new LogHeadTracker(fromFile);
    SignedHeader joinerSealed = ledger.signedHeader(sealedWithJoiner).orElseThrow();
    assertThat(tracker.advance(joinerSealed, api)).isInstanceOfSatisfying(Verification.Failed.class,
        f -> assertThat(f.reason()).contains("which is not a genesis validator"));
    assertThat(tracker.learn(api.validatorTransitions(end).get("validatorTransitions")).ok()).isTrue();
    assertThat(tracker.advance(joinerSealed, api).ok()).isTrue();
    Verification latest = tracker.advance(api);
    assertThat(latest.ok()).as(latest.toString()).isTrue();
    assertThat(tracker.validatorSets()).extracting(ValidatorHistory.Transition::effectiveAt).containsExactly(1L, joinsAt, leavesAt);
    // A node that shows a history without the removal the tracker follows is refused, and nothing changes.
    ArrayNode cutShort = ((ArrayNode) api.validatorTransitions(end).get("validatorTransitions")).deepCopy();
    cutShort.remove(1);
    assertThat(tracker.learn(cutShort)).isInstanceOfSatisfying(Verification.Failed.class, f -> assertThat(f.reason())
        .contains("do not include the change to height " + leavesAt));
    assertThat(tracker.validatorSets()).hasSize(3);
  }

  private java.util.stream.Stream<MedLedgerNode> running(int... which) {
    return java.util.Arrays.stream(which).mapToObj(i -> nodes[i]);
  }

  private static int peers(MedLedgerNode n) {
    return ((BftOrdering) n.ordering()).connectedPeers();
  }

  /** Admits {@code tx} at the first of {@code at} and waits until each of them committed it, successfully. */
  /** One sample of the node's /metrics exposition, by its series name (no labels). */
  private static double metric(MedLedgerNode node, String series) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + series + "(?:\\{[^}]*\\})? (\\S+)$")
        .matcher(node.metrics().scrape());
    if (!m.find()) {
      throw new AssertionError("no sample " + series);
    }
    return Double.parseDouble(m.group(1));
  }

  private void commit(BftTestNetwork net, Transaction tx, int... at) throws InterruptedException {
    AdmissionResult r = nodes[at[0]].admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed " + tx, 30_000, () -> running(at).allMatch(n -> n.ledger().transaction(id).isPresent()));
    var outcome = nodes[at[0]].ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  private static List<Hash> seals(MedLedgerNode n, long height) {
    return n.ledger().signedHeader(height).orElseThrow().certificate().seals().stream().map(CommitSeal::validator).toList();
  }

  private static X509Certificate nodeCertificate(BftTestNetwork net, int i) throws java.io.IOException {
    return Pem.parseCertificate(Files.readString(net.configs.get(i).certificate()));
  }

  private static java.security.PrivateKey privateKey(BftTestNetwork net, int i) throws java.io.IOException {
    return Pem.parsePrivateKey(net.suite.signatures(), Files.readString(net.configs.get(i).privateKey()));
  }

  private static Signer nodeSigner(BftTestNetwork net, int i) throws java.io.IOException {
    var scheme = net.suite.signatures();
    return scheme.signer(new KeyPair(nodeCertificate(net, i).getPublicKey(),
        Pem.parsePrivateKey(scheme, Files.readString(net.configs.get(i).privateKey()))));
  }
}
