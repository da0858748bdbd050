package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.config.NodeConfig;

class NodeFolderCheckTest {
  @TempDir
  Path dir;

  private Path initAndCopyOnlyTheNodeFolder() throws Exception {
    Map<String, Path> configs = new NetworkInitializer("intl", "folder-test", List.of("hospital-a", "regulator"),
        List.of("hospital-a", "regulator"), List.of(), 18080, 17400, List.of(), Clock.systemUTC()).write(dir.resolve("net"));
    Path host = dir.resolve("host/node");
    copy(configs.get("hospital-a").getParent(), host);
    return host;
  }

  @Test
  void aNodeFolderCopiedAloneToItsHostHasEveryFileItsConfigNames() throws Exception {
    Path host = initAndCopyOnlyTheNodeFolder();
    NodeConfig config = NodeFolderCheck.read(host.resolve("node.json"));
    assertThat(config.genesis()).isEqualTo(host.resolve("genesis.json"));
    assertThat(Files.readString(config.genesis())).isEqualTo(Files.readString(dir.resolve("net/genesis.json")));
    assertThat(NodeFolderCheck.missing(config, host)).isEmpty();
  }

  @Test
  void aMissingGenesisIsNamedWithWhatToCopy() throws Exception {
    Path host = initAndCopyOnlyTheNodeFolder();
    Files.delete(host.resolve("genesis.json"));
    Files.delete(host.resolve("api/key.pem"));
    assertThatThrownBy(() -> NodeFolderCheck.read(host.resolve("node.json")))
        .hasMessageContaining("genesis.json (" + host.resolve("genesis.json"))
        .hasMessageContaining("the network's genesis")
        .hasMessageContaining("api/key.pem")
        .hasMessageContaining("REST API's HTTPS key")
        .hasMessageContaining("copy the whole node folder")
        .hasMessageNotContaining("cert.pem:");
  }

  @Test
  void aMissingConfigSaysWhichFileToGive() {
    assertThatThrownBy(() -> NodeFolderCheck.read(dir.resolve("nowhere/node.json")))
        .hasMessageContaining("nowhere/node.json does not exist")
        .hasMessageContaining("network init");
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
