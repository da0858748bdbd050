package org.medledger.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.node.config.NodeConfig;

/**
 * What {@code node start} checks before it opens anything: every file node.json names is there.
 * An operator who copied a node folder to its host learns from one message which file is missing,
 * where the node looked for it and what to copy or make, instead of a bare path in a stack trace.
 */
final class NodeFolderCheck {
  private NodeFolderCheck() {}

  /** The config, read; or an IllegalArgumentException naming each missing file and what to do. */
  static NodeConfig read(Path configFile) throws IOException {
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException("--config " + configFile.toAbsolutePath() + " does not exist: give the node.json"
          + " that `network init` wrote in the organisation's node folder (<out>/<organisation>/node/node.json)");
    }
    NodeConfig config = NodeConfig.read(configFile);
    List<String> missing = missing(config, configFile.toAbsolutePath().getParent());
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("node " + config.nodeName() + " cannot start; node.json (" + configFile.toAbsolutePath()
          + ") names files that are not there:\n  " + String.join("\n  ", missing)
          + "\ncopy the whole node folder that `network init` wrote (<out>/" + config.organisation() + "/node) to this host;"
          + " paths in node.json are relative to its own folder");
    }
    return config;
  }

  static List<String> missing(NodeConfig config, Path folder) {
    Map<Path, String> needed = new LinkedHashMap<>();
    needed.put(config.genesis(), "the network's genesis (a copy of <out>/genesis.json; every node's copy is the same file)");
    needed.put(config.certificate(), "the node's certificate");
    needed.put(config.privateKey(), "the node's signing key");
    if (config.tlsCertificate() != null) {
      needed.put(config.tlsCertificate(), "the node-to-node TLS certificate");
      needed.put(config.tlsPrivateKey(), "the node-to-node TLS key");
    }
    if (config.apiTransport().isTls()) {
      needed.put(config.apiTransport().tlsCertificate(), "the REST API's HTTPS certificate");
      needed.put(config.apiTransport().tlsPrivateKey(), "the REST API's HTTPS key");
    }
    needed.put(config.dataDir(), "the node's data folder (its secrets and ledger; `medledger node secrets --config`"
        + " makes the secrets of a new one)");
    List<String> out = new ArrayList<>();
    for (var e : needed.entrySet()) {
      if (!Files.exists(e.getKey())) {
        out.add(shown(folder, e.getKey()) + ": " + e.getValue());
      }
    }
    return out;
  }

  private static String shown(Path folder, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(folder.normalize()) ? folder.normalize().relativize(abs) + " (" + abs + ")" : abs.toString();
  }
}
