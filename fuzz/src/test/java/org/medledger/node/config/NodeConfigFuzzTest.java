package org.medledger.node.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.medledger.fuzz.Canonical;

/**
 * A node's config file: refused with the IOException (unreadable, not JSON) or the
 * IllegalArgumentException naming the file and field that {@link NodeConfig#read} documents, or
 * read into a config that writes and reads back equal (JSON is not canonical, so the check is
 * read(write(read(x))) == read(x)).
 */
class NodeConfigFuzzTest {
  private static Path folder;

  @BeforeAll
  static void folder() throws IOException {
    folder = Files.createTempDirectory("node-config-fuzz");
  }

  @AfterAll
  static void removeFolder() throws IOException {
    try (var files = Files.list(folder)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(folder);
  }

  @FuzzTest
  void readsOrRefuses(byte[] input) {
    Path file = folder.resolve("node.json");
    NodeConfig config;
    try {
      Files.write(file, input);
      config = NodeConfig.read(file);
    } catch (IOException | IllegalArgumentException refused) {
      return;
    }
    try {
      Path again = folder.resolve("again.json");
      config.write(again);
      Canonical.assertStable("NodeConfig.read then write", config, NodeConfig.read(again));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A validator's config as `medledger network init` writes it, with TLS on both sides and refusal log settings, and a minimal one. */
  static Map<String, List<byte[]>> seeds() {
    String full = """
        {"nodeName":"hospital-a","organisation":"hospital-a","genesis":"../genesis.json","dataDir":"data",
         "certificate":"node.crt","privateKey":"node.key",
         "api":{"host":"0.0.0.0","port":8443,"tls":{"certificate":"api.crt","privateKey":"api.key"},"publicUrl":"https://a.example.org"},
         "p2p":{"host":"10.0.0.1","port":26656,"tlsCertificate":"p2p.crt","tlsPrivateKey":"p2p.key",
                "peers":[{"name":"insurer","host":"10.0.0.2","port":26656},{"name":"regulator","host":"10.0.0.3","port":26656}]},
         "consensus":{"timeoutMillis":1000,"timeoutIncreaseMillis":500,"heartbeatMillis":0},
         "state":{"retentionBlocks":1000},"refusalLog":{"retainEntries":2000,"anchorEverySeconds":0}}""";
    String minimal = """
        {"nodeName":"n","organisation":"o","genesis":"g.json","dataDir":"d","certificate":"c","privateKey":"k",
         "api":{"host":"127.0.0.1","port":8080,"plainHttp":true}}""";
    return Map.of("readsOrRefuses", List.of(full.getBytes(StandardCharsets.UTF_8), minimal.getBytes(StandardCharsets.UTF_8)));
  }
}
