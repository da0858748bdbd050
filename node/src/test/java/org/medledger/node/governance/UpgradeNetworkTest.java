package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.governance.ProtocolUpgrades;
import org.medledger.core.governance.ProtocolVersion;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.Release;
import org.medledger.node.RunningValidators;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.bft.BftOrdering;
import org.medledger.node.ordering.UpgradeRequiredException;

/**
 * Four real validators (RocksDB, mutual TLS, Tendermint) cutting a block every {@link #INTERVAL}
 * ms. They are restarted one at a time, three as a release that runs the next protocol version and one
 * (validator 0, an operator who missed the rollout) as this release again: no gap between two
 * blocks exceeds three block intervals. Then the consortium schedules that version at a
 * height H: validator 0 finishes block H − 1 and stops, its health saying which version is
 * needed from which height, signing nothing at H; the three upgraded go on as a quorum. Restarted
 * with the old release it refuses to start, with the same message; with the new one it catches up.
 */
class UpgradeNetworkTest {
  /** The chain's block interval, and the heartbeat that cuts a block each interval while idle. */
  private static final long INTERVAL = 750;
  /** A release that runs the next protocol version, as the consortium's new build would. */
  private static final Release NEXT = new Release("0.2.0", ProtocolVersion.CURRENT + 1);

  @TempDir Path dir;

  private final MedLedgerNode[] nodes = new MedLedgerNode[4];
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRollingRestartNeverStallsTheChainAndAnOldReleaseStopsBeforeTheUpgradeWhileTheUpgradedGoOn() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(4, List.of(Role.values())),
        g -> new Genesis(g.chainId(), g.suite(), g.timestamp(), g.organisations(), g.validators(), g.revokedCertificates(),
            new ChainParameters(g.parameters().maxTransactionBytes(), g.parameters().maxBlockTransactions(), INTERVAL,
                g.parameters().timestampToleranceMillis()),
            g.applications(), g.registeredCertificates(),
            Optional.of(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 4, 1)), g.protocolVersion()));
    for (int i = 0; i < 4; i++) {
      net.configs.set(i, net.configs.get(i).withConsensus(new TimeoutPolicy(150, 100), INTERVAL));
    }
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    try {
      for (int i = 0; i < 4; i++) {
        nodes[i] = MedLedgerNode.start(net.configs.get(i));
      }
      RunningValidators.await("the four linked", 20_000, () -> all(0, 1, 2, 3).allMatch(n -> peers(n) >= 3));
      // The three admins who propose and vote, registered in one block or few.
      List<Hash> registered = new ArrayList<>();
      for (int i = 1; i < 4; i++) {
        Transaction register = net.register(admins.get(i));
        assertThat(nodes[0].admission().submit(register)).isInstanceOf(AdmissionResult.Accepted.class);
        registered.add(register.id(net.suite.hash()));
      }
      RunningValidators.await("the admins registered", 30_000,
          () -> registered.stream().allMatch(id -> nodes[3].ledger().transaction(id).isPresent()));

      // The rolling restart: one validator down at a time, the other three a quorum throughout.
      long rollingFrom = nodes[1].ledger().height();
      AtomicReference<UpgradeRequiredException> stopped = new AtomicReference<>();
      for (int i = 0; i < 4; i++) {
        nodes[i].close();
        nodes[i] = MedLedgerNode.start(net.configs.get(i), java.time.Clock.systemUTC(), null, i == 0 ? Release.CURRENT : NEXT);
        // As an operator would: the next validator goes down only once this one seals blocks again.
        MedLedgerNode witness = nodes[(i + 1) % 4];
        long restartedAt = witness.ledger().height();
        Hash restarted = nodeId(net, i);
        RunningValidators.await("validator " + i + " back and sealing blocks", 20_000, () -> {
          for (long height = witness.ledger().height(); height > restartedAt; height--) {
            if (seals(witness, height).contains(restarted)) {
              return true;
            }
          }
          return false;
        });
      }
      nodes[0].onStoppedForUpgrade(stopped::set);

      // Founded with this release, the chain runs its version from the start (the genesis's protocolVersion).
      assertThat(new ObjectMapper().readTree(get(nodes[1], "/v1/health").body()).path("protocolVersion").asInt())
          .isEqualTo(ProtocolVersion.CURRENT);
      // The next protocol version from height H: proposed by org-1, passed by org-2's and org-3's votes.
      int next = NEXT.protocolVersion();
      long at = nodes[1].ledger().height() + 10;
      commit(net, net.tx(admins.get(1), "governance", "propose", "kind", "upgrade", "protocolVersion", Integer.toString(next),
          "height", Long.toString(at)), 1, 2, 3);
      commit(net, net.tx(admins.get(2), "governance", "vote", "proposal", "1", "choice", "yes"), 1, 2, 3);
      commit(net, net.tx(admins.get(3), "governance", "vote", "proposal", "1", "choice", "yes"), 1, 2, 3);
      assertThat(ProtocolUpgrades.passed(nodes[1].ledger().state())).containsExactly(new ProtocolUpgrades.Upgrade(1, next, at));

      RunningValidators.await("the upgraded three past height " + at, 30_000,
          () -> all(1, 2, 3).allMatch(n -> n.ledger().height() >= at + 2));
      RunningValidators.await("the old release stopped", 10_000, () -> !nodes[0].ordering().isRunning());
      assertThat(nodes[0].ledger().height()).as("the old release finished block H - 1 and no more").isEqualTo(at - 1);
      String needed = "requires protocol version " + next + " from height " + at;
      assertThat(stopped.get()).isNotNull();
      assertThat(stopped.get().getMessage()).contains(needed).contains("protocol version " + ProtocolVersion.CURRENT + ")");
      assertThat(((BftOrdering) nodes[0].ordering()).stoppedBecause()).isEqualTo(stopped.get().getMessage());
      // Until it stops, its API says so: /v1/health and the readiness probe name the version and the height.
      HttpResponse<String> health = get(nodes[0], "/v1/health");
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode h = new ObjectMapper().readTree(health.body());
      assertThat(h.path("problems").get(0).asText()).contains(needed);
      assertThat(h.path("upgradeRequired").path("protocolVersion").asInt()).isEqualTo(next);
      assertThat(h.path("upgradeRequired").path("height").asLong()).isEqualTo(at);
      HttpResponse<String> ready = get(nodes[0], "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(new ObjectMapper().readTree(ready.body()).path("reason").asText()).contains(needed);
      assertThat(get(nodes[1], "/health/ready").statusCode()).isEqualTo(200);
      assertThat(new ObjectMapper().readTree(get(nodes[1], "/v1/health").body()).path("protocolVersion").asInt())
          .as("an upgraded node past H reports the version the upgrade requires").isEqualTo(next);

      // The old release signed nothing at H or after: every block from H is sealed by the three upgraded.
      Hash old = nodeId(net, 0);
      long top = nodes[1].ledger().height();
      for (long height = at; height <= top; height++) {
        assertThat(seals(nodes[1], height)).as("block %d", height).doesNotContain(old).hasSize(3);
      }
      var gaps = gaps(nodes[1], rollingFrom, top);
      long longest = longest(gaps);
      System.out.println("longest gap between blocks " + rollingFrom + ".." + top + " (rolling restart, upgrade at " + at
          + ", one validator stopped): " + longest + " ms; block interval " + INTERVAL + " ms");
      assertThat(longest).as("the longest gap between two blocks, of %s", gaps).isLessThanOrEqualTo(3 * INTERVAL);

      // Restarted with the old release: refused, naming the same version and height.
      nodes[0].close();
      nodes[0] = null;
      assertThatThrownBy(() -> MedLedgerNode.start(net.configs.get(0), java.time.Clock.systemUTC(), null, Release.CURRENT))
          .isInstanceOf(UpgradeRequiredException.class).hasMessage(stopped.get().getMessage());
      // With the new release it executes H and follows the others.
      nodes[0] = MedLedgerNode.start(net.configs.get(0), java.time.Clock.systemUTC(), null, NEXT);
      long target = nodes[1].ledger().height();
      RunningValidators.await("the upgraded validator 0 past height " + at, 20_000,
          () -> nodes[0].ledger().height() >= target && nodes[0].ordering().isRunning());
      assertThat(nodes[0].ledger().signedHeader(at).orElseThrow().header())
          .isEqualTo(nodes[1].ledger().signedHeader(at).orElseThrow().header());
    } finally {
      for (MedLedgerNode n : nodes) {
        if (n != null) {
          n.close();
        }
      }
    }
  }

  /** The time between each block's timestamp and its predecessor's in (from, to], with the round that decided it. */
  private static java.util.SortedMap<Long, String> gaps(MedLedgerNode n, long from, long to) {
    java.util.SortedMap<Long, String> gaps = new java.util.TreeMap<>();
    for (long height = from + 1; height <= to; height++) {
      var signed = n.ledger().signedHeader(height).orElseThrow();
      long gap = signed.header().timestamp() - n.ledger().signedHeader(height - 1).orElseThrow().header().timestamp();
      gaps.put(height, gap + " ms, round " + signed.certificate().round());
    }
    return gaps;
  }

  private static long longest(java.util.SortedMap<Long, String> gaps) {
    return gaps.values().stream().mapToLong(g -> Long.parseLong(g.substring(0, g.indexOf(' ')))).max().orElse(0);
  }

  private HttpResponse<String> get(MedLedgerNode n, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.apiPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private java.util.stream.Stream<MedLedgerNode> all(int... which) {
    return java.util.Arrays.stream(which).mapToObj(i -> nodes[i]);
  }

  private static int peers(MedLedgerNode n) {
    return ((BftOrdering) n.ordering()).connectedPeers();
  }

  /** Admits {@code tx} at the first of {@code at} and waits until each of them committed it, successfully. */
  private void commit(BftTestNetwork net, Transaction tx, int... at) throws InterruptedException {
    AdmissionResult r = nodes[at[0]].admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    RunningValidators.await("committed " + tx, 30_000, () -> all(at).allMatch(n -> n.ledger().transaction(id).isPresent()));
    var outcome = nodes[at[0]].ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  private static Hash nodeId(BftTestNetwork net, int i) throws java.io.IOException {
    return CertificateId.of(net.suite.hash(), Pem.parseCertificate(Files.readString(net.configs.get(i).certificate())));
  }

  private static List<Hash> seals(MedLedgerNode n, long height) {
    return n.ledger().signedHeader(height).orElseThrow().certificate().seals().stream().map(CommitSeal::validator).toList();
  }
}
