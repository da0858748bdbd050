package org.medledger.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk whose fsync fails (EIO, issue 19 item 3) under the ledger store (RocksDB) and under the
 * vault's shard files. The kernel's answer is injected by strace into a real writer process
 * ({@code strace -p <pid> -e inject=fsync,fdatasync:error=EIO}): RocksDB calls the C library
 * itself, so no Java seam could fake it. The failed write names the file and says EIO; nothing
 * the writer acknowledged is lost; what the failed write left is either whole or absent; and
 * once the disk answers again the store opens and goes on. Needs strace and ptrace (root here);
 * skipped otherwise. A few seconds.
 */
class InjectedEioTest {
  @TempDir Path dir;

  @Test
  void anFsyncErrorUnderTheLedgerStoreFailsTheCommitNamingTheFileAndLosesNothingAcknowledged() throws Exception {
    Path db = dir.resolve("ledger");
    Run run = runUnderEio("ledger", db);
    assertThat(run.failure).as("the commit under EIO failed, naming the store, the height and the file")
        .contains("the ledger store at " + db, "commit of height " + (run.acknowledged + 1), "Input/output error", db + "/");
    assertThat(run.acknowledged).as("writes acknowledged before the fault").isGreaterThanOrEqualTo(FsyncFaultWriter.BEFORE_THE_FAULT - 1);
    try (LedgerStore s = RocksLedgerStore.open(db)) {
      // The failed block's bytes reached the page cache before its fsync failed, so it may be
      // there after a reopen: then whole, as a block the store never claimed but consensus decided.
      long top = s.height();
      assertThat(top).as("reopened at the last acknowledged block, or the failed one whole")
          .isBetween(run.acknowledged, run.acknowledged + 1);
      for (long h = 0; h <= top; h++) {
        BlockCommit c = CrashWriter.content(h);
        assertThat(s.block(h)).as("block %d", h).hasValue(c.blockBytes());
        assertThat(s.state(("k/" + h + "/49").getBytes())).hasValue(("v" + h).getBytes());
      }
      assertThat(s.state("last".getBytes())).hasValue(Long.toString(top).getBytes());
      assertThat(s.block(top + 1)).isEmpty();
      s.commit(CrashWriter.content(top + 1));
      assertThat(s.height()).isEqualTo(top + 1);
    }
  }

  @Test
  void anFsyncErrorUnderAShardFileRefusesTheShardNamingItsFileAndLeavesNoPartOfIt() throws Exception {
    Path folder = dir.resolve("shards");
    Run run = runUnderEio("shards", folder);
    int failed = (int) run.acknowledged + 1;
    assertThat(run.failure).as("the shard under EIO was refused naming its file")
        .contains("storing shard " + failed + " at " + folder.resolve("files"), "Input/output error");
    try (Stream<Path> all = Files.walk(folder.resolve("files"))) {
      assertThat(all.filter(p -> p.getFileName().toString().contains(".partial")).count())
          .as("half-written shard files left behind").isZero();
    }
    try (ShardStore store = ShardStore.open(folder)) {
      for (int i = 0; i <= run.acknowledged; i++) {
        assertThat(store.get(FsyncFaultWriter.RECORD, i)).as("acknowledged shard %d", i).hasValue(FsyncFaultWriter.shard(i));
      }
      assertThat(store.has(FsyncFaultWriter.RECORD, failed)).as("the refused shard").isFalse();
      store.put(FsyncFaultWriter.RECORD, failed, FsyncFaultWriter.shard(failed));
      assertThat(store.get(FsyncFaultWriter.RECORD, failed)).hasValue(FsyncFaultWriter.shard(failed));
    }
  }

  /** What a writer under EIO said: the last write it acknowledged and its failure. */
  private record Run(long acknowledged, String failure) {}

  private static Run runUnderEio(String mode, Path folder) throws Exception {
    assumeTrue(straceInjects(), "needs strace that can attach and inject (ptrace)");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), FsyncFaultWriter.class.getName(), mode,
        folder.toString()).redirectErrorStream(true).start();
    Process strace = null;
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      List<String> said = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        said.add(line);
      }
      assertThat(line).as("the writer got ready; it said: %s", said).isEqualTo("ready");
      // Every thread of the writer (RocksDB syncs on the writing thread) from now on: fsync and fdatasync fail.
      strace = new ProcessBuilder("strace", "-f", "-p", Long.toString(writer.pid()), "-o", "/dev/null",
          "-e", "trace=fsync,fdatasync", "-e", "inject=fsync,fdatasync:error=EIO").redirectErrorStream(true).start();
      awaitAttached(strace);
      OutputStream go = writer.getOutputStream();
      go.write("go\n".getBytes(StandardCharsets.UTF_8));
      go.flush();
      long acknowledged = FsyncFaultWriter.BEFORE_THE_FAULT - 1;
      String failure = null;
      while ((line = out.readLine()) != null) {
        said.add(line);
        if (line.startsWith("committed ") || line.startsWith("stored ")) {
          acknowledged = Long.parseLong(line.substring(line.indexOf(' ') + 1));
        } else if (line.startsWith("failed ")) {
          failure = line.substring("failed ".length());
          break;
        }
      }
      assertThat(failure).as("a write failed under EIO; the writer said: %s", said.subList(Math.max(0, said.size() - 5), said.size()))
          .isNotNull();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).as("the writer stopped").isTrue();
      assertThat(writer.exitValue()).isEqualTo(3);
      System.out.println("under EIO (" + mode + "), after write " + acknowledged + " acknowledged: " + failure);
      return new Run(acknowledged, failure);
    } finally {
      if (strace != null) {
        strace.destroy();
        strace.waitFor(10, TimeUnit.SECONDS);
      }
      writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Reads strace's first line, which says it attached (it prints nothing else with -o). */
  private static void awaitAttached(Process strace) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(strace.getInputStream(), StandardCharsets.UTF_8));
    String first = err.readLine();
    assertThat(first).as("strace attached").isNotNull().contains("attached");
    // Keep draining, so strace never blocks on a full pipe.
    Thread drain = new Thread(() -> {
      try {
        while (err.readLine() != null) {
          // Attach and detach notes only.
        }
      } catch (IOException ignored) {
        // strace ended.
      }
    }, "strace-drain");
    drain.setDaemon(true);
    drain.start();
  }

  private static boolean straceInjects() {
    try {
      Process p = new ProcessBuilder("strace", "-qq", "-o", "/dev/null", "-e", "trace=fsync", "-e", "inject=fsync:error=EIO", "true")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
