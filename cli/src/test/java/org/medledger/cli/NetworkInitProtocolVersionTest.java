package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.governance.ProtocolVersion;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.ordering.UpgradeRequiredException;

/**
 * `network init` founds a chain at this release's protocol version unless told an older one; a
 * version this release does not run is refused, naming the option; and `node start` on a genesis
 * that starts the chain past this release exits 3, naming both versions, having opened nothing.
 */
class NetworkInitProtocolVersionTest {
  @TempDir Path dir;

  private record Run(int exit, String err) {}

  private static Run medledger(String... args) {
    StringWriter err = new StringWriter();
    java.io.PrintStream out = System.out;
    try {
      System.setOut(new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      int exit = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
      return new Run(exit, err.toString());
    } finally {
      System.setOut(out);
    }
  }

  private Run init(Path out, String... extra) throws java.io.IOException {
    String[] base = {"network", "init", "--orgs", "hospital-a", "--governance", "--chain-id", "pv-cli",
        "--api-port", Integer.toString(TestPorts.freePort()), "--p2p-port", Integer.toString(TestPorts.freePort()),
        "--out", out.toString()};
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return medledger(args);
  }

  private static int startingVersion(Path genesisFile) throws Exception {
    return GenesisJson.read(Files.readString(genesisFile)).protocolVersion();
  }

  @Test
  void aNewChainStartsAtThisReleasesVersionAndAnOlderOneOnlyWhenAsked() throws Exception {
    Path today = dir.resolve("today");
    Run made = init(today);
    assertThat(made.exit()).as(made.err()).isZero();
    Path nodeGenesis = NodeConfig.read(today.resolve("hospital-a/node/node.json")).genesis();
    assertThat(startingVersion(today.resolve("genesis.json"))).isEqualTo(ProtocolVersion.CURRENT);
    assertThat(startingVersion(nodeGenesis)).isEqualTo(ProtocolVersion.CURRENT);
    assertThat(Files.readString(today.resolve("genesis.json"))).contains("\"protocolVersion\" : " + ProtocolVersion.CURRENT);

    Path older = dir.resolve("older");
    Run asked = init(older, "--protocol-version", "1");
    assertThat(asked.exit()).as(asked.err()).isZero();
    // Version 1 is the field's absence: the file an older release wrote, and reads.
    assertThat(Files.readString(older.resolve("genesis.json"))).doesNotContain("protocolVersion");
    assertThat(startingVersion(older.resolve("genesis.json"))).isEqualTo(1);
  }

  @Test
  void aVersionThisReleaseDoesNotRunIsRefusedNamingTheOption() throws Exception {
    for (String bad : new String[] {Integer.toString(ProtocolVersion.CURRENT + 1), "0"}) {
      Path out = dir.resolve("bad-" + bad);
      Run refused = init(out, "--protocol-version", bad);
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.err()).contains("--protocol-version " + bad + " is not one this release runs: it runs protocol"
          + " versions 1 to " + ProtocolVersion.CURRENT);
      assertThat(out.resolve("genesis.json")).doesNotExist();
    }
    Run notANumber = init(dir.resolve("nan"), "--protocol-version", "two");
    assertThat(notANumber.exit()).isNotZero();
    assertThat(notANumber.err()).contains("--protocol-version");
  }

  @Test
  void nodeStartOnAGenesisPastThisReleaseExitsThreeNamingBothVersions() throws Exception {
    Path net = dir.resolve("net");
    assertThat(init(net).exit()).isZero();
    Path config = net.resolve("hospital-a/node/node.json");
    int beyond = ProtocolVersion.CURRENT + 1;
    // As if the consortium wrote it with a later release: every copy of the genesis says so.
    ObjectMapper mapper = new ObjectMapper();
    for (Path copy : new Path[] {net.resolve("genesis.json"), NodeConfig.read(config).genesis()}) {
      ObjectNode g = (ObjectNode) mapper.readTree(Files.readString(copy));
      g.put("protocolVersion", beyond);
      Files.writeString(copy, mapper.writeValueAsString(g));
    }
    Run start = medledger("node", "start", "--config", config.toString());
    assertThat(start.exit()).as(start.err()).isEqualTo(UpgradeRequiredException.EXIT_CODE);
    assertThat(start.err()).contains("the genesis starts this chain at protocol version " + beyond)
        .contains("runs protocol versions 1 to " + ProtocolVersion.CURRENT);
    assertThat(NodeConfig.read(config).dataDir().resolve("ledger")).as("nothing opened").doesNotExist();
  }
}
