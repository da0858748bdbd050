package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.governance.ProtocolVersion;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.Release;
import org.medledger.node.TestNetwork;
import org.medledger.node.ordering.UpgradeRequiredException;

/**
 * The genesis names the protocol version a chain starts at: a release that does not run it refuses
 * to start, naming both versions, before it opens a ledger; a release that runs it starts and
 * reports it; a chain founded with this release (the test networks, as network init) starts at
 * this release's version.
 */
class GenesisProtocolVersionNodeTest {
  @TempDir Path dir;

  @Test
  void aChainFoundedWithThisReleaseRunsItsVersionFromTheStart() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    assertThat(GenesisJson.read(Files.readString(net.config.genesis())).protocolVersion()).isEqualTo(ProtocolVersion.CURRENT);
    try (MedLedgerNode node = MedLedgerNode.start(net.config)) {
      JsonNode health = new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("/v1/health");
      assertThat(health.path("protocolVersion").asInt()).isEqualTo(ProtocolVersion.CURRENT);
    }
  }

  @Test
  void aGenesisBeyondTheReleaseIsRefusedAtStartNamingBothVersions() throws Exception {
    TestNetwork net = new TestNetwork(dir, "intl");
    int beyond = ProtocolVersion.CURRENT + 1;
    Files.writeString(net.config.genesis(), GenesisJson.write(net.genesis.withProtocolVersion(beyond)));
    assertThatThrownBy(() -> MedLedgerNode.start(net.config)).isInstanceOf(UpgradeRequiredException.class)
        .hasMessageContaining("the genesis starts this chain at protocol version " + beyond + " (its 'protocolVersion')")
        .hasMessageContaining("(protocol version " + ProtocolVersion.CURRENT + ")) runs protocol versions 1 to "
            + ProtocolVersion.CURRENT)
        .hasMessageContaining("Install a release that runs protocol version " + beyond);
    assertThat(net.config.dataDir().resolve("ledger")).as("nothing opened").doesNotExist();

    // The release that runs it starts the same chain, under that version from its first block.
    try (MedLedgerNode node = MedLedgerNode.start(net.config, java.time.Clock.systemUTC(), null,
        new Release("0.2.0", beyond))) {
      JsonNode health = new MedLedgerClient("http://127.0.0.1:" + node.apiPort()).get("/v1/health");
      assertThat(health.path("protocolVersion").asInt()).isEqualTo(beyond);
      assertThat(health.path("release").asText()).contains("(protocol version " + beyond + ")");
    }
  }
}
