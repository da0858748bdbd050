package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.ordering.UpgradeRequiredException;

/**
 * `medledger node start` and a voted upgrade on a network `network init --governance` wrote (one
 * validator, its genesis's voting period shortened before the first start, as the guide allows):
 * the admin schedules protocol version 2 three blocks on; the node, this release (version 1),
 * makes blocks up to H − 1 and stops, its health naming the version and the height; started
 * again with the command it refuses at once with the same message on stderr and exit code 3.
 */
class NodeUpgradeExitTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

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

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anOldReleaseStopsBeforeTheUpgradeAndNodeStartExitsThreeNamingTheVersionAndHeight() throws Exception {
    Path net = dir.resolve("net");
    Run init = medledger("network", "init", "--orgs", "hospital-a", "--validators", "hospital-a", "--governance",
        "--chain-id", "upgrade-cli", "--api-port", Integer.toString(freePort()), "--p2p-port", Integer.toString(freePort()),
        "--out", net.toString());
    assertThat(init.exit()).as(init.out() + init.err()).isZero();
    Path config = net.resolve("hospital-a/node/node.json");
    Path genesis = net.resolve("genesis.json");
    // Before the first start: a one-block voting period, so an upgrade may be scheduled three blocks on.
    ObjectMapper mapper = new ObjectMapper();
    for (Path copy : new Path[] {genesis, NodeConfig.read(config).genesis()}) {
      ObjectNode g = (ObjectNode) mapper.readTree(Files.readString(copy));
      ((ObjectNode) g.get("governance")).put("votingPeriodBlocks", 1).put("activationDelayBlocks", 1);
      Files.writeString(copy, mapper.writeValueAsString(g));
    }
    String admin = net.resolve("hospital-a/users/admin").toString();
    long at;
    String needed;
    try (MedLedgerNode node = MedLedgerNode.start(NodeConfig.read(config))) {
      String api = "https://127.0.0.1:" + node.apiPort();
      at = node.ledger().height() + 4;
      Run upgrade = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(), "--identity", admin,
          "--kind", "upgrade", "--protocol-version", "2", "--height", Long.toString(at));
      assertThat(upgrade.exit()).as(upgrade.out() + upgrade.err()).isZero();
      // Blocks up to H - 1: each passed proposal is a block of its own.
      while (node.ledger().height() < at - 1) {
        Run more = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(), "--identity", admin,
            "--kind", "set-parameter", "--parameter", "blockIntervalMillis", "--value", Long.toString(100 + node.ledger().height()));
        assertThat(more.exit()).as(more.out() + more.err()).isZero();
      }
      for (long end = System.currentTimeMillis() + 10_000; node.ordering().isRunning() && System.currentTimeMillis() < end; ) {
        Thread.sleep(20);
      }
      assertThat(node.ordering().isRunning()).as("the old release stopped").isFalse();
      assertThat(node.ledger().height()).isEqualTo(at - 1);
      needed = "requires protocol version 2 from height " + at;
      assertThat(node.ordering().stoppedBecause()).contains(needed);
    }
    Run restart = medledger("node", "start", "--config", config.toString());
    assertThat(restart.exit()).as(restart.out() + restart.err()).isEqualTo(UpgradeRequiredException.EXIT_CODE).isEqualTo(3);
    assertThat(restart.err()).contains("upgrade required").contains(needed).contains("protocol version 1");
  }
}
