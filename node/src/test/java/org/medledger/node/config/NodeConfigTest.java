package org.medledger.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.network.PeerAddress;

class NodeConfigTest {
  @TempDir
  Path dir;

  @Test
  void aWrittenConfigReadsBackWithRelativePathsPeersAndConsensusSettings() throws Exception {
    NodeConfig c = new NodeConfig("a-node", "hospital-a", dir.resolve("genesis.json"), dir.resolve("a/data"),
        dir.resolve("a/cert.pem"), dir.resolve("a/key.pem"), "10.0.0.1", 8080, "10.0.0.1", 7400,
        List.of(new PeerAddress("b-node", "10.0.0.2", 7401)), dir.resolve("a/tls/cert.pem"), dir.resolve("a/tls/key.pem"),
        new TimeoutPolicy(300, 100), 60_000);
    Path file = dir.resolve("a/node.json");
    Files.createDirectories(file.getParent());
    c.write(file);
    assertThat(Files.readString(file)).contains("\"../genesis.json\"", "\"data\"", "\"heartbeatMillis\" : 60000");
    assertThat(NodeConfig.read(file)).isEqualTo(c);
  }

  @Test
  void missingAndBadFieldsAreNamed() throws Exception {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\"}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("'privateKey' is required").hasMessageContaining(file.toString());
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"p2p\":{\"peers\":[{\"name\":\"b\",\"host\":\"h\",\"port\":70000}]}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("port of peer b");
    Files.writeString(file, "{\"nodeName\":\"x\",\"organisation\":\"o\",\"genesis\":\"g\",\"dataDir\":\"d\",\"certificate\":\"c\","
        + "\"privateKey\":\"k\",\"consensus\":{\"timeoutMillis\":5}}");
    assertThatThrownBy(() -> NodeConfig.read(file)).hasMessageContaining("timeoutMillis must be at least 50");
  }
}
