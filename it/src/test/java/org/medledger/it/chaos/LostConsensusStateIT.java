package org.medledger.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.TransactionBuilder;
import org.medledger.it.Netns;

/**
 * A validator's saved consensus state lost on a real network (issue 19, item 3): four validator
 * processes under load; one is killed with SIGKILL and its {@code consensus/engine-state.bin}
 * deleted. It refuses to start, naming the file; with {@code consensus/state-lost} it starts,
 * syncs, and votes again (shown by stopping another validator: every quorum of the remaining
 * three then needs its seal). Then its whole data folder is lost but for its secrets: a fresh
 * folder with {@code state-lost} holding a height does the same. In between, its ledger's newest
 * write-ahead log is torn (one byte cut): it comes back at an earlier block and catches up. Afterwards every node holds the
 * same headers and state roots and no evidence of a double signature exists. Needs root and
 * iproute2 for network namespaces; skipped otherwise.
 */
class LostConsensusStateIT {
  private static final int VICTIM = 3;
  @TempDir Path dir;

  @Test
  void aValidatorWithALostStateRefusesUntilAcknowledgedThenRejoinsWithoutEquivocating() throws Exception {
    Assumptions.assumeTrue(Boolean.getBoolean("medledger.it.long"), "a long fault run: -Dmedledger.it.long=true (the default"
        + " run's ChaosIT plays every fault kind; README, Testing)");
    Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 for network namespaces");
    try (ChaosCluster cluster = new ChaosCluster(dir, 4, 0)) {
      JsonNode reg = cluster.call(1, 60_000, c -> c.submit(new TransactionBuilder(cluster.admin(), cluster.chainId(),
          Clock.systemUTC()).registerSelf(), true));
      assertThat(reg.path("status").asText()).isEqualTo("committed");
      PlainLoad load = new PlainLoad(cluster);
      load.start(2, 10);
      awaitHeight(cluster, 0, cluster.height(0) + 5);

      // The state file deleted after the validator voted: refused, the file and the way out named.
      cluster.kill(VICTIM);
      Path consensus = cluster.dataDir(VICTIM).resolve("consensus");
      Files.delete(consensus.resolve("engine-state.bin"));
      long logBefore = Files.size(cluster.log(VICTIM));
      cluster.start(VICTIM, 0);
      ChaosRun.await("the validator without its state stops", 120_000, () -> !cluster.running(VICTIM));
      String refusal = Files.readString(cluster.log(VICTIM)).substring((int) logBefore);
      assertThat(refusal).contains(consensus.resolve("engine-state.bin").toString()).contains("is missing")
          .contains(consensus.resolve("state-lost").toString());

      Files.createFile(consensus.resolve("state-lost"));
      rejoinsAndVotes(cluster, 2);
      assertThat(Files.readString(cluster.log(VICTIM))).contains("votes again only from height");

      // The ledger's newest write-ahead log loses its last byte (its last block's record torn):
      // the node comes up at an earlier block, syncs, and its saved votes keep it from re-voting.
      cluster.kill(VICTIM);
      Path newestLog;
      try (Stream<Path> logs = Files.list(cluster.dataDir(VICTIM).resolve("ledger"))) {
        newestLog = logs.filter(p -> p.getFileName().toString().endsWith(".log")).max(Comparator.naturalOrder()).orElseThrow();
      }
      try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(newestLog.toFile(), "rw")) {
        f.setLength(Math.max(0, f.length() - 1));
      }
      rejoinsAndVotes(cluster, 0);

      // The whole data folder lost, the secrets restored: a fresh folder, state-lost holds a height.
      cluster.kill(VICTIM);
      Path data = cluster.dataDir(VICTIM);
      try (Stream<Path> top = Files.list(data)) {
        for (Path p : (Iterable<Path>) top::iterator) {
          if (!p.getFileName().toString().equals("secrets")) {
            deleteTree(p);
          }
        }
      }
      long networkHeight = Math.max(cluster.height(0), cluster.height(1));
      Files.createDirectories(consensus);
      Files.writeString(consensus.resolve("state-lost"), (networkHeight + 1) + "\n");
      rejoinsAndVotes(cluster, 1);

      load.stop();
      // Every acknowledged transaction is in some node's chain; audit up to the highest node's
      // height once every node has reached it (a lagging node's height would leave the last
      // acknowledged ones above the audit).
      long top = 0;
      for (int i = 0; i < cluster.size(); i++) {
        top = Math.max(top, cluster.height(i));
      }
      for (int i = 0; i < cluster.size(); i++) {
        awaitHeight(cluster, i, top);
      }
      ChainAudit chain = ChainAudit.of(cluster, top);
      chain.differences().stream().limit(20).forEach(d -> System.out.println("  " + d));
      long evidence = 0;
      for (int i = 0; i < cluster.size(); i++) {
        JsonNode h = cluster.health(i);
        evidence = Math.max(evidence, h.path("committedEvidence").path("count").asLong() + h.path("evidence").size());
      }
      System.out.printf("LostConsensusStateIT: %d heights audited on 4 validators, %d acknowledged transactions, differing"
          + " headers %d, differing state roots %d, double signatures (evidence committed or seen) %d%n", top,
          load.acknowledged().size(), chain.differingHeaders(), chain.differingStateRoots(), evidence);
      assertThat(chain.differingHeaders()).isZero();
      assertThat(chain.differingStateRoots()).isZero();
      assertThat(evidence).as("double signatures").isZero();
      assertThat(load.acknowledged()).isNotEmpty();
      for (String id : load.acknowledged()) {
        assertThat(chain.positions()).as("acknowledged %s", id).containsKey(id);
      }
    }
  }

  /**
   * Starts the victim, waits until it has caught up, then stops {@code other}: with three of four
   * left, every quorum (3) needs the victim's seal, so the chain going on shows that it votes.
   */
  private static void rejoinsAndVotes(ChaosCluster cluster, int other) throws Exception {
    int ref = other == 0 ? 1 : 0; // a node that stays up throughout
    cluster.start(VICTIM, 0);
    ChaosRun.await("the victim serves again", 180_000, () -> cluster.height(VICTIM) >= 0);
    awaitHeight(cluster, VICTIM, cluster.height(ref));
    cluster.stop(other);
    long before = Math.max(cluster.height(ref), cluster.height(VICTIM));
    awaitHeight(cluster, VICTIM, before + 3);
    awaitHeight(cluster, ref, before + 3);
    cluster.start(other, 0);
    ChaosRun.await("node " + other + " serves again", 180_000, () -> cluster.height(other) >= 0);
    awaitHeight(cluster, other, cluster.height(ref));
  }

  private static void awaitHeight(ChaosCluster cluster, int node, long height) throws InterruptedException {
    ChaosRun.await("node " + node + " reaches height " + height, 180_000, () -> cluster.height(node) >= height);
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
