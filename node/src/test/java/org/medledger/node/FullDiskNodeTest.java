package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.AdmissionResult;

/**
 * A node whose disk fills up (ENOSPC, issue 19 item 3), on a real 64 MiB tmpfs holding its whole
 * data folder (needs root; skipped otherwise): the block it cannot write is not claimed, block
 * production stops with a reason naming the ledger's file (what /v1/health shows), and once there
 * is room the restarted node comes up at its last committed block and goes on.
 */
class FullDiskNodeTest {
  @TempDir
  Path dir;

  @Test
  void aFullDiskStopsBlockProductionNamingTheFileAndARestartWithRoomGoesOnFromTheLastBlock() throws Exception {
    Path mount = dir.resolve("small-disk");
    Files.createDirectories(mount);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assumeTrue(p.waitFor() == 0, "mounting a tmpfs needs root");
    try {
      TestNetwork net = new TestNetwork(Files.createDirectories(mount.resolve("network")), "intl");
      Path filler = mount.resolve("filler");
      long before;
      try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
        commit(node, net, net.register(net.user("dr-wang")));
        commit(node, net, anchor(net, 0));
        fill(filler);
        // Admission still takes anchors (the mempool is memory); a commit is what finds the disk
        // full, maybe not the first: RocksDB may have room left in a file it already holds.
        int n = 1;
        before = node.ledger().height();
        while (node.ordering().isRunning() && n < 200) {
          Transaction tx = anchor(net, n++);
          CompletableFuture<?> done = node.commitWaiters().await(tx.id(net.suite.hash()));
          assertThat(node.admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (!done.isDone() && node.ordering().isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(10); // polls the outcome, whichever comes first
          }
          if (done.isDone()) {
            before = node.ledger().height();
          }
        }
        assertThat(node.ordering().isRunning()).as("block production stopped on the full disk").isFalse();
        assertThat(node.ordering().stoppedBecause()).contains("No space left on device")
            .contains(net.config.dataDir().resolve("ledger").toString());
        assertThat(node.ledger().height()).as("the block it could not write is not claimed").isEqualTo(before);
      }
      Files.delete(filler);
      try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
        assertThat(node.ledger().height()).as("up at its last committed block").isEqualTo(before);
        commit(node, net, anchor(net, 1_000));
        assertThat(node.ledger().height()).isEqualTo(before + 1);
      }
    } finally {
      new ProcessBuilder("umount", "-l", mount.toString()).redirectErrorStream(true).start().waitFor();
    }
  }

  private static Transaction anchor(TestNetwork net, int n) {
    return net.anchor(net.user("dr-wang"), net.fingerprint("document " + n));
  }

  private static void commit(MedLedgerNode node, TestNetwork net, Transaction tx) throws Exception {
    Hash id = tx.id(net.suite.hash());
    CompletableFuture<?> done = node.commitWaiters().await(id);
    assertThat(node.admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    done.get(20, TimeUnit.SECONDS);
  }

  private static void fill(Path filler) throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[4096];
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      assertThat(full.getMessage()).contains("No space left on device");
    }
  }
}
