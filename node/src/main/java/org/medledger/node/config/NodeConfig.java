package org.medledger.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One node's settings, read from a JSON file (`node.json`, written by `network init`). Relative
 * paths are resolved against the file's folder, so a network folder can be moved as a whole.
 *
 * @param genesis the genesis file
 * @param dataDir where the node keeps its RocksDB store and token secret
 * @param certificate the node's certificate (PEM); its key seals blocks and signs for the organisation
 * @param privateKey the node's PKCS#8 private key (PEM)
 */
public record NodeConfig(
    String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
    String apiHost, int apiPort) {

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public NodeConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(genesis, "genesis");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(apiHost, "apiHost");
    if (apiPort < 0 || apiPort > 65535) {
      throw new IllegalArgumentException("api port must be within 0-65535, got " + apiPort);
    }
  }

  public NodeConfig withApiPort(int port) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, port);
  }

  public NodeConfig withDataDir(Path dir) {
    return new NodeConfig(nodeName, organisation, genesis, dir, certificate, privateKey, apiHost, apiPort);
  }

  /** Reads a config file; the error names the file and the missing or bad field. */
  public static NodeConfig read(Path file) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read node config " + file + ": " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    try {
      JsonNode api = root.path("api");
      return new NodeConfig(
          text(root, "nodeName"), text(root, "organisation"),
          base.resolve(text(root, "genesis")), base.resolve(text(root, "dataDir")),
          base.resolve(text(root, "certificate")), base.resolve(text(root, "privateKey")),
          api.path("host").asText("127.0.0.1"), api.path("port").asInt(8080));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node config " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the config with paths relative to the file's folder where possible. */
  public void write(Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("nodeName", nodeName);
    root.put("organisation", organisation);
    root.put("genesis", relative(base, genesis));
    root.put("dataDir", relative(base, dataDir));
    root.put("certificate", relative(base, certificate));
    root.put("privateKey", relative(base, privateKey));
    root.putObject("api").put("host", apiHost).put("port", apiPort);
    Files.writeString(file, MAPPER.writeValueAsString(root));
  }

  private static String relative(Path base, Path p) {
    Path abs = p.toAbsolutePath();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return v.asText();
  }
}
