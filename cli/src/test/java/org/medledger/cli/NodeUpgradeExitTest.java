package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.medledger.core.governance.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.ordering.UpgradeRequiredException;

/**
 * `medledger node start` and a voted upgrade on a network `network init --governance` wrote (one
 * validator, its genesis's voting period shortened before the first start, as the guide allows).
 * The node runs under the command; its admin schedules the next protocol version at height 4 and sends
 * two more transactions; the node, this release (protocol version ProtocolVersion.CURRENT), makes blocks 1 to 3 and stops, and
 * the command prints the message naming the version and the height on stderr and exits 3. Started
 * again it refuses at once, with the same message and code.
 */
class NodeUpgradeExitTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  /** A command that returns: stdout and stderr captured around it. */
  private static Run medledger(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = Main.commandLine().execute(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }


  @Test
  void aRunningOldReleaseStopsBeforeTheUpgradeAndNodeStartExitsThreeNamingTheVersionAndHeight() throws Exception {
    Path net = dir.resolve("net");
    int apiPort = TestPorts.freePort();
    Run init = medledger("network", "init", "--orgs", "hospital-a", "--validators", "hospital-a", "--governance",
        "--chain-id", "upgrade-cli", "--api-port", Integer.toString(apiPort), "--p2p-port", Integer.toString(TestPorts.freePort()),
        "--out", net.toString());
    assertThat(init.exit()).as(init.out() + init.err()).isZero();
    Path config = net.resolve("hospital-a/node/node.json");
    Path genesis = net.resolve("genesis.json");
    // Before the first start: a one-block voting period, so an upgrade may bind three blocks on.
    ObjectMapper mapper = new ObjectMapper();
    for (Path copy : new Path[] {genesis, NodeConfig.read(config).genesis()}) {
      ObjectNode g = (ObjectNode) mapper.readTree(Files.readString(copy));
      ((ObjectNode) g.get("governance")).put("votingPeriodBlocks", 1).put("activationDelayBlocks", 1);
      Files.writeString(copy, mapper.writeValueAsString(g));
    }

    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      StringWriter nodeErr = new StringWriter();
      Future<Integer> running = runner.submit(() -> Main.commandLine().setErr(new PrintWriter(nodeErr, true))
          .execute("node", "start", "--config", config.toString()));
      awaitListening(apiPort, running);
      String api = "https://127.0.0.1:" + apiPort;
      String admin = net.resolve("hospital-a/users/admin").toString();
      long at = 4; // the upgrade's proposal is block 1, so the earliest height it may name is 3
      Run upgrade = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(), "--identity", admin,
          "--kind", "upgrade", "--protocol-version", Integer.toString(ProtocolVersion.CURRENT + 1), "--height", Long.toString(at));
      assertThat(upgrade.exit()).as(upgrade.out() + upgrade.err()).isZero();
      for (int k = 0; k < 2; k++) { // blocks 2 and 3, each a passed proposal of its own
        Run more = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(), "--identity", admin,
            "--kind", "set-parameter", "--parameter", "blockIntervalMillis", "--value", Integer.toString(100 + k));
        if (k == 1 && more.exit() != 0) {
          // Block 3 is the last this release may make: the node stops right after committing it, which can be
          // before the command reads the proposals back. The commit itself must have been answered.
          assertThat(more.out()).as(more.out() + more.err()).contains("committed at height 3");
        } else {
          assertThat(more.exit()).as(more.out() + more.err()).isZero();
        }
      }
      int exit = running.get(20, TimeUnit.SECONDS);
      String needed = "requires protocol version " + (ProtocolVersion.CURRENT + 1) + " from height " + at;
      assertThat(exit).as(nodeErr.toString()).isEqualTo(UpgradeRequiredException.EXIT_CODE).isEqualTo(3);
      assertThat(nodeErr.toString()).contains("upgrade required").contains(needed).contains("(protocol version " + ProtocolVersion.CURRENT + ")");

      StringWriter restartErr = new StringWriter();
      int again = Main.commandLine().setErr(new PrintWriter(restartErr, true)).execute("node", "start", "--config",
          config.toString());
      assertThat(again).as(restartErr.toString()).isEqualTo(3);
      assertThat(restartErr.toString()).contains(needed);
    } finally {
      runner.shutdownNow();
    }
  }

  /** Until the node's API accepts connections (it starts last), or the command ended early. */
  private static void awaitListening(int port, Future<Integer> running) throws Exception {
    long end = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < end) {
      if (running.isDone()) {
        throw new AssertionError("node start ended early with exit code " + running.get());
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the node's API did not open port " + port);
  }
}
