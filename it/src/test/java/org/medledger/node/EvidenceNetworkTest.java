package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.consensus.message.Step;
import org.medledger.consensus.message.Vote;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.consensus.ConsensusSignBytes;
import org.medledger.core.consensus.ConsensusStep;
import org.medledger.core.consensus.SignedConsensusMessage;
import org.medledger.core.evidence.Equivocation;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.evidence.EvidenceRecord;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Role;
import org.medledger.node.bft.BftOrdering;

/**
 * Issue 21, finding 8, on four real validators (RocksDB, mutual TLS): validator org-3 signs two
 * conflicting votes with its own key and sends them through its real transport; the other
 * validators submit the proof, every node checks and commits it exactly once, and it shows in
 * /v1/health on every node and in the regulator's list (refused to a clinician).
 */
class EvidenceNetworkTest {
  @TempDir
  Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The equivocating validator: org-3's node, with its own key, index as the engines count it. */
  private record Equivocator(NodeKeys keys, int index, BftOrdering transport) {}

  private static Equivocator equivocator(BftTestNetwork net, RunningValidators running) throws Exception {
    var config = net.configs.get(3);
    NodeKeys keys = NodeKeys.load(net.suite, config.certificate(), config.privateKey());
    int index = running.node(0).membership().validatorIds().indexOf(keys.certificateId());
    return new Equivocator(keys, index, (BftOrdering) running.node(3).ordering());
  }

  private static Vote vote(Equivocator by, String chain, Step step, long height, int round, Hash value) {
    return new Vote(step, height, round, value, by.index(), by.keys().signer().sign(Vote.signedBytes(chain, step, height, round, value)));
  }

  private static Hash randomId() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Hash.of(b);
  }

  private static JsonNode health(MedLedgerNode n) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.apiPort()
        + "/v1/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> evidenceList(MedLedgerNode n, String token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.apiPort()
        + "/v1/consensus/evidence")).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void twoPrevotesOfOneValidatorAreCommittedOnEveryNodeAndShownInHealthAndToTheRegulator() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      BftTestNetwork.Member regulator = net.member(2, "inspector", Role.REGULATOR);
      running.commit(net.register(regulator));
      running.commit(net.registerClinician());
      Equivocator bad = equivocator(net, running);
      String chain = net.genesis.signingChainId();

      // Two prevotes for one round of the height being decided, for two different blocks, sent
      // to every validator by org-3's own transport. Round 3: no honest vote of its own there.
      long height = 0;
      for (int attempt = 0; attempt < 5 && running.nodes().stream().allMatch(n -> EvidenceContract.count(n.ledger().state()) == 0
          && ((BftOrdering) n.ordering()).evidencePending() == 0); attempt++) {
        height = running.node(0).ledger().height() + 1;
        bad.transport().broadcast(vote(bad, chain, Step.PREVOTE, height, 3, randomId()));
        bad.transport().broadcast(vote(bad, chain, Step.PREVOTE, height, 3, randomId()));
        Thread.sleep(1_000);
      }
      RunningValidators.await("the evidence is committed on all four", 30_000, () -> running.nodes().stream()
          .allMatch(n -> EvidenceContract.count(n.ledger().state()) >= 1));
      RunningValidators.await("no validator still holds it pending", 30_000, () -> running.nodes().stream()
          .allMatch(n -> ((BftOrdering) n.ordering()).evidencePending() == 0));

      for (MedLedgerNode n : running.nodes()) {
        var state = n.ledger().state();
        assertThat(EvidenceContract.count(state)).as("recorded once on %s", n.config().nodeName()).isEqualTo(1);
        EvidenceRecord rec = EvidenceContract.latest(state, 1).get(0);
        assertThat(rec.evidence().validator()).isEqualTo(bad.keys().certificateId());
        assertThat(rec.evidence().step()).isEqualTo(ConsensusStep.PREVOTE);
        assertThat(rec.evidence().round()).isEqualTo(3);
        var tx = n.ledger().transaction(rec.transaction()).orElseThrow();
        assertThat(tx.transaction().sender()).as("submitted by a validator's node").isIn(n.membership().validatorIds());

        JsonNode h = health(n);
        assertThat(h.path("committedEvidence").path("count").asLong()).as(h.toString()).isEqualTo(1);
        JsonNode latest = h.path("committedEvidence").path("latest").get(0);
        assertThat(latest.path("validator").asText()).isEqualTo("org-3-node");
        assertThat(latest.path("organisation").asText()).isEqualTo("org-3");
        assertThat(latest.path("height").asLong()).isEqualTo(rec.evidence().height());
        assertThat(latest.path("round").asInt()).isEqualTo(3);
        assertThat(latest.path("kind").asText()).isEqualTo("prevote");
      }
      // The regulator lists it with both signed messages; a clinician of the same network may not.
      MedLedgerClient atOrg1 = new MedLedgerClient("http://127.0.0.1:" + running.node(1).apiPort());
      String regulatorToken = atOrg1.login(new ClientIdentity(net.suite, regulator.certificate(), regulator.keys().getPrivate()));
      HttpResponse<String> list = evidenceList(running.node(1), regulatorToken);
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      JsonNode first = JSON.readTree(list.body()).path("evidence").get(0);
      assertThat(first.path("validator").asText()).isEqualTo("org-3-node");
      assertThat(first.path("first").path("signature").asText()).isNotEmpty();
      assertThat(first.path("second").path("value").asText()).isNotEqualTo(first.path("first").path("value").asText());
      String clinicianToken = atOrg1.login(new ClientIdentity(net.suite, net.clinicianCert, net.clinicianKey));
      HttpResponse<String> refused = evidenceList(running.node(1), clinicianToken);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(evidenceList(running.node(1), "not-a-token").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aPrecommitForADecidedHeightThatContradictsItsCertificateIsEvidenceToo() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      running.commit(net.registerClinician());
      Equivocator bad = equivocator(net, running);
      // A block whose certificate carries org-3's seal: its precommit for that block.
      long height = -1;
      CommitSeal seal = null;
      for (int i = 0; i < 10 && seal == null; i++) {
        running.commit(net.anchor("report " + i));
        height = running.node(0).ledger().height();
        var cert = running.node(0).ledger().signedHeader(height).orElseThrow().certificate();
        seal = cert.seals().stream().filter(s -> s.validator().equals(bad.keys().certificateId())).findFirst().orElse(null);
      }
      assertThat(seal).as("org-3 sealed one of ten blocks").isNotNull();
      int round = running.node(0).ledger().signedHeader(height).orElseThrow().certificate().round();
      // Now a nil precommit for that same height and round, after the others have moved on: no
      // engine holds that height any more, so only the certificate convicts it.
      bad.transport().broadcast(vote(bad, net.genesis.signingChainId(), Step.PRECOMMIT, height, round, Vote.NIL));
      long h = height;
      RunningValidators.await("the evidence is committed on all four", 30_000, () -> running.nodes().stream()
          .allMatch(n -> EvidenceContract.count(n.ledger().state()) == 1));
      EvidenceRecord rec = EvidenceContract.latest(running.node(2).ledger().state(), 1).get(0);
      assertThat(rec.evidence().step()).isEqualTo(ConsensusStep.PRECOMMIT);
      assertThat(rec.evidence().height()).isEqualTo(h);
      assertThat(rec.evidence().validator()).isEqualTo(bad.keys().certificateId());
    }
  }

  @Test
  void aPrevoteThatArrivesAfterItsHeightWasDecidedIsConvictedAgainstTheOneHeardInTime() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      running.commit(net.registerClinician());
      Equivocator bad = equivocator(net, running);
      String chain = net.genesis.signingChainId();
      long height = -1;
      for (int attempt = 0; attempt < 5 && height < 0; attempt++) {
        long h = running.node(0).ledger().height() + 1;
        bad.transport().broadcast(vote(bad, chain, Step.PREVOTE, h, 5, randomId()));
        Thread.sleep(300);
        if (running.nodes().stream().allMatch(n -> n.ledger().height() < h)) {
          height = h; // heard by every engine while it was deciding h
        }
      }
      assertThat(height).as("a quiet height to vote in").isPositive();
      long h = height;
      running.commit(net.anchor("decides height " + h));
      assertThat(running.nodes()).allMatch(n -> n.ledger().height() >= h);
      assertThat(running.nodes()).allMatch(n -> EvidenceContract.count(n.ledger().state()) == 0);

      // Every validator has left height h: the second prevote is late everywhere.
      bad.transport().broadcast(vote(bad, chain, Step.PREVOTE, h, 5, randomId()));
      RunningValidators.await("the evidence is committed on all four", 30_000, () -> running.nodes().stream()
          .allMatch(n -> EvidenceContract.count(n.ledger().state()) == 1));
      EvidenceRecord rec = EvidenceContract.latest(running.node(0).ledger().state(), 1).get(0);
      assertThat(rec.evidence().step()).isEqualTo(ConsensusStep.PREVOTE);
      assertThat(rec.evidence().height()).isEqualTo(h);
      assertThat(rec.evidence().round()).isEqualTo(5);
    }
  }

  @Test
  void aProofSavedBeforeACrashIsSubmittedAfterTheRestart() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      running.commit(net.registerClinician());
      Equivocator bad = equivocator(net, running);
      String chain = net.genesis.signingChainId();
      long height = running.node(0).ledger().height();
      Equivocation proof = new Equivocation(bad.keys().certificateId(), prevote(bad, chain, height, randomId()),
          prevote(bad, chain, height, randomId()));

      // Node 1 saved the proof and crashed before submitting it.
      running.node(1).close();
      Path saved = net.configs.get(1).dataDir().resolve("consensus").resolve("evidence");
      Files.createDirectories(saved);
      Files.write(saved.resolve("proof.bin"), proof.encode());
      running.nodes().set(1, MedLedgerNode.start(net.configs.get(1)));

      RunningValidators.await("the saved proof is committed on all four", 30_000, () -> running.nodes().stream()
          .allMatch(n -> EvidenceContract.count(n.ledger().state()) == 1));
      RunningValidators.await("and its file is gone", 10_000, () -> !Files.exists(saved.resolve("proof.bin")));
      assertThat(EvidenceContract.latest(running.node(0).ledger().state(), 1).get(0).evidence()).isEqualTo(proof);
    }
  }

  private static SignedConsensusMessage prevote(Equivocator by, String chain, long height, Hash value) {
    return new SignedConsensusMessage(ConsensusStep.PREVOTE, height, 1, value, -1,
        by.keys().signer().sign(ConsensusSignBytes.vote(chain, ConsensusStep.PREVOTE, height, 1, value)));
  }
}
