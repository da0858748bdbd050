package org.medledger.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.medledger.network.PeerAddress;

/**
 * One node's settings, read from a JSON file (`node.json`, written by `network init`). Relative
 * paths are resolved against the file's folder, so a network folder can be moved as a whole.
 *
 * @param genesis the genesis file
 * @param dataDir where the node keeps its RocksDB store and token secret
 * @param certificate the node's certificate (PEM); its key seals blocks and signs for the organisation
 * @param privateKey the node's PKCS#8 private key (PEM)
 * @param p2pHost where the node listens for other nodes (mutual TLS)
 * @param p2pPort that port; 0 picks a free one
 * @param peers the other nodes to dial
 * @param tlsCertificate certificate for node-to-node TLS when it is not the node certificate
 *     (gm networks: a P-256 key certified by the SM2 CA); null to use the node certificate
 * @param tlsPrivateKey its key; null with it
 * @param consensusTimeouts round-0 timeout and what each later round adds ({@code consensus.timeoutMillis},
 *     {@code consensus.timeoutIncreaseMillis}); LAN consortia decide in milliseconds, the
 *     timeouts only matter when a validator is down or slow
 * @param heartbeatMillis an empty block after this long without one ({@code consensus.heartbeatMillis});
 *     0, the default, cuts no block while idle
 * @param apiTransport HTTPS with the node's API certificate, or plain HTTP on loopback when chosen
 *     explicitly ({@code api.tls}, {@code api.plainHttp}, {@code api.publicUrl}; {@link ApiTransport})
 * @param stateRetentionBlocks how many recent heights keep their full state tree for proofs
 *     ({@code state.retentionBlocks}); older trees are pruned, their headers and roots kept; 0, the
 *     default, keeps every height
 * @param portalTokenSignIn whether the web portal (/ui) lets a pasted API token sign in ({@code
 *     ui.tokenSignIn}): a development convenience for the demo; off, the default, only the
 *     certificate challenge signs in
 * @param role a validator (the default) or a full node that never votes ({@code role}: "validator", "full")
 * @param shardStore whether a full node keeps a replica of its organisation's vault shards and serves
 *     records' content ({@code vault.shardStore}; docs/deploy.md, Full nodes); a validator always
 *     holds its organisation's shards, so it is refused there
 * @param refusalLog how many entries the refusal log keeps and how often the node anchors its head
 *     on the ledger ({@code refusalLog.retainEntries}, {@code refusalLog.anchorEverySeconds};
 *     {@link RefusalLogSettings})
 */
public record NodeConfig(
    String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
    String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
    Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis,
    long stateRetentionBlocks, ApiTransport apiTransport, boolean portalTokenSignIn, NodeRole role, boolean shardStore,
    RefusalLogSettings refusalLog) {

  /** With the refusal log's default settings ({@link RefusalLogSettings#DEFAULTS}). */
  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis,
      long stateRetentionBlocks, ApiTransport apiTransport, boolean portalTokenSignIn, NodeRole role, boolean shardStore) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport,
        portalTokenSignIn, role, shardStore, RefusalLogSettings.DEFAULTS);
  }

  /** Without a full node's shard store (a validator always holds its organisation's shards). */
  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis,
      long stateRetentionBlocks, ApiTransport apiTransport, boolean portalTokenSignIn, NodeRole role) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport,
        portalTokenSignIn, role, false);
  }

  /** A validator (the default role). */
  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis,
      long stateRetentionBlocks, ApiTransport apiTransport, boolean portalTokenSignIn) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport,
        portalTokenSignIn, NodeRole.VALIDATOR);
  }

  /** Without the portal's token sign-in (the default). */
  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis,
      long stateRetentionBlocks, ApiTransport apiTransport) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, false);
  }

  /** Without an API transport chosen ({@link ApiTransport#UNSET}): set one with {@link #withApiTransport}. */
  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis,
      long stateRetentionBlocks) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, ApiTransport.UNSET);
  }

  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey, org.medledger.consensus.TimeoutPolicy consensusTimeouts, long heartbeatMillis) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, 0);
  }

  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers, Path tlsCertificate,
      Path tlsPrivateKey) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers,
        tlsCertificate, tlsPrivateKey, org.medledger.consensus.TimeoutPolicy.DEFAULT, 0);
  }

  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort, String p2pHost, int p2pPort, List<PeerAddress> peers) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, null, null);
  }

  /** A node with no peers (a one-validator network). */
  public NodeConfig(String nodeName, String organisation, Path genesis, Path dataDir, Path certificate, Path privateKey,
      String apiHost, int apiPort) {
    this(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, "127.0.0.1", 0, List.of());
  }

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
    if (p2pPort < 0 || p2pPort > 65535) {
      throw new IllegalArgumentException("p2p port must be within 0-65535, got " + p2pPort);
    }
    Objects.requireNonNull(p2pHost, "p2p host");
    peers = List.copyOf(peers);
    if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
      throw new IllegalArgumentException("tlsCertificate and tlsPrivateKey go together");
    }
    Objects.requireNonNull(consensusTimeouts, "consensus timeouts");
    if (consensusTimeouts.baseMillis() < 50 || consensusTimeouts.perRoundMillis() < 0) {
      throw new IllegalArgumentException("consensus.timeoutMillis must be at least 50 and timeoutIncreaseMillis not negative");
    }
    if (heartbeatMillis < 0) {
      throw new IllegalArgumentException("consensus.heartbeatMillis must not be negative (0 turns heartbeats off)");
    }
    Objects.requireNonNull(apiTransport, "api transport (ApiTransport.UNSET when none is chosen)");
    Objects.requireNonNull(role, "role");
    if (shardStore && role != NodeRole.FULL) {
      throw new IllegalArgumentException("vault.shardStore is for a full node (\"role\": \"full\"): a validator always holds"
          + " its organisation's shards");
    }
    Objects.requireNonNull(refusalLog, "refusal log settings (RefusalLogSettings.DEFAULTS when none are set)");
    if (stateRetentionBlocks < 0) {
      throw new IllegalArgumentException("state.retentionBlocks must not be negative (0 keeps every height's state tree)");
    }
  }


  public NodeConfig withApiPort(int port) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, port, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, portalTokenSignIn, role, shardStore, refusalLog);
  }

  public NodeConfig withDataDir(Path dir) {
    return new NodeConfig(nodeName, organisation, genesis, dir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, portalTokenSignIn, role, shardStore, refusalLog);
  }

  public NodeConfig withStateRetention(long blocks) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, blocks, apiTransport, portalTokenSignIn, role, shardStore, refusalLog);
  }

  public NodeConfig withApiTransport(ApiTransport transport) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, transport, portalTokenSignIn, role, shardStore, refusalLog);
  }

  /** With the portal's development sign-in by a pasted API token on or off ({@code ui.tokenSignIn}). */
  public NodeConfig withPortalTokenSignIn(boolean allowed) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, allowed, role, shardStore, refusalLog);
  }

  /** As a validator or a full node ({@code role}). */
  public NodeConfig withRole(NodeRole r) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, portalTokenSignIn, r, shardStore, refusalLog);
  }

  /** A full node with or without a replica of its organisation's vault shards ({@code vault.shardStore}). */
  public NodeConfig withShardStore(boolean keep) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, portalTokenSignIn, role, keep, refusalLog);
  }

  /** With these consensus timeouts and heartbeat ({@code consensus.*}). */
  public NodeConfig withConsensus(org.medledger.consensus.TimeoutPolicy timeouts, long heartbeat) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, timeouts, heartbeat, stateRetentionBlocks, apiTransport, portalTokenSignIn, role, shardStore, refusalLog);
  }

  /** With these refusal log settings ({@code refusalLog.*}). */
  public NodeConfig withRefusalLog(RefusalLogSettings settings) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, p2pHost, p2pPort, peers, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, portalTokenSignIn, role, shardStore, settings);
  }

  /** Plain HTTP on loopback, chosen explicitly (tests; a node so configured refuses any other api host). */
  public NodeConfig withPlainLoopbackApi() {
    return withApiTransport(ApiTransport.plainLoopback());
  }

  public NodeConfig withP2p(String host, int port, List<PeerAddress> peerList) {
    return new NodeConfig(nodeName, organisation, genesis, dataDir, certificate, privateKey, apiHost, apiPort, host, port, peerList, tlsCertificate, tlsPrivateKey, consensusTimeouts, heartbeatMillis, stateRetentionBlocks, apiTransport, portalTokenSignIn, role, shardStore, refusalLog);
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
      JsonNode p2p = root.path("p2p");
      List<PeerAddress> peers = new ArrayList<>();
      for (JsonNode peer : p2p.path("peers")) {
        peers.add(new PeerAddress(text(peer, "name"), text(peer, "host"), peer.path("port").asInt(-1)));
      }
      return new NodeConfig(
          text(root, "nodeName"), text(root, "organisation"),
          base.resolve(text(root, "genesis")).normalize(), base.resolve(text(root, "dataDir")).normalize(),
          base.resolve(text(root, "certificate")).normalize(), base.resolve(text(root, "privateKey")).normalize(),
          api.path("host").asText("127.0.0.1"), api.path("port").asInt(8080),
          p2p.path("host").asText("127.0.0.1"), p2p.path("port").asInt(0), peers,
          p2p.hasNonNull("tlsCertificate") ? base.resolve(p2p.get("tlsCertificate").asText()).normalize() : null,
          p2p.hasNonNull("tlsPrivateKey") ? base.resolve(p2p.get("tlsPrivateKey").asText()).normalize() : null,
          new org.medledger.consensus.TimeoutPolicy(root.path("consensus").path("timeoutMillis").asLong(1_000),
              root.path("consensus").path("timeoutIncreaseMillis").asLong(500)),
          root.path("consensus").path("heartbeatMillis").asLong(0),
          root.path("state").path("retentionBlocks").asLong(0), apiTransport(api, base), portalTokenSignIn(root),
          role(root), shardStore(root), refusalLog(root));
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
    ObjectNode api = root.putObject("api").put("host", apiHost).put("port", apiPort);
    if (apiTransport.isTls()) {
      api.putObject("tls").put("certificate", relative(base, apiTransport.tlsCertificate()))
          .put("privateKey", relative(base, apiTransport.tlsPrivateKey()));
    }
    if (apiTransport.plainHttp()) {
      api.put("plainHttp", true);
    }
    if (apiTransport.publicUrl() != null) {
      api.put("publicUrl", apiTransport.publicUrl());
    }
    ObjectNode p2p = root.putObject("p2p").put("host", p2pHost).put("port", p2pPort);
    if (tlsCertificate != null) {
      p2p.put("tlsCertificate", relative(base, tlsCertificate)).put("tlsPrivateKey", relative(base, tlsPrivateKey));
    }
    root.putObject("consensus").put("timeoutMillis", consensusTimeouts.baseMillis())
        .put("timeoutIncreaseMillis", consensusTimeouts.perRoundMillis()).put("heartbeatMillis", heartbeatMillis);
    root.putObject("state").put("retentionBlocks", stateRetentionBlocks);
    if (portalTokenSignIn) {
      root.putObject("ui").put("tokenSignIn", true);
    }
    if (role != NodeRole.VALIDATOR) {
      root.put("role", role.wireName());
    }
    if (shardStore) {
      root.putObject("vault").put("shardStore", true);
    }
    if (!refusalLog.equals(RefusalLogSettings.DEFAULTS)) {
      root.putObject("refusalLog").put("retainEntries", refusalLog.retainEntries())
          .put("anchorEverySeconds", refusalLog.anchorEverySeconds());
    }
    var list = p2p.putArray("peers");
    for (PeerAddress peer : peers) {
      list.addObject().put("name", peer.name()).put("host", peer.host()).put("port", peer.port());
    }
    Files.writeString(file, MAPPER.writeValueAsString(root));
  }

  /** Relative to the config's folder (with ".." where needed), so a network folder can move as a whole. */
  private static String relative(Path base, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      String relative = base.normalize().relativize(abs).toString();
      // The folder itself relativises to "", which read() refuses as a missing field (found by NodeConfigFuzzTest).
      return relative.isEmpty() ? "." : relative;
    } catch (IllegalArgumentException e) {
      return abs.toString();
    }
  }

  private static NodeRole role(JsonNode root) {
    JsonNode v = root.path("role");
    if (v.isMissingNode()) {
      return NodeRole.VALIDATOR;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("role must be 'validator' or 'full'");
    }
    return NodeRole.parse(v.asText());
  }

  private static RefusalLogSettings refusalLog(JsonNode root) {
    JsonNode section = root.path("refusalLog");
    if (section.isMissingNode()) {
      return RefusalLogSettings.DEFAULTS;
    }
    if (!section.isObject()) {
      throw new IllegalArgumentException("refusalLog must be an object: {\"retainEntries\": N, \"anchorEverySeconds\": S}");
    }
    return new RefusalLogSettings(
        wholeNumber(section, "retainEntries", "refusalLog.retainEntries", RefusalLogSettings.DEFAULT_RETAIN_ENTRIES),
        wholeNumber(section, "anchorEverySeconds", "refusalLog.anchorEverySeconds",
            RefusalLogSettings.DEFAULT_ANCHOR_EVERY_SECONDS));
  }

  /** A whole number, or {@code absent} when the field is missing; a string, a fraction or a number past a long is refused by name. */
  private static long wholeNumber(JsonNode section, String field, String name, long absent) {
    JsonNode v = section.path(field);
    if (v.isMissingNode()) {
      return absent;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + v);
    }
    return v.asLong();
  }

  private static boolean shardStore(JsonNode root) {
    JsonNode v = root.path("vault").path("shardStore");
    if (!v.isMissingNode() && !v.isBoolean()) {
      throw new IllegalArgumentException("vault.shardStore must be true or false");
    }
    return v.asBoolean(false);
  }

  private static boolean portalTokenSignIn(JsonNode root) {
    JsonNode v = root.path("ui").path("tokenSignIn");
    if (!v.isMissingNode() && !v.isBoolean()) {
      throw new IllegalArgumentException("ui.tokenSignIn must be true or false");
    }
    return v.asBoolean(false);
  }

  private static ApiTransport apiTransport(JsonNode api, Path base) {
    JsonNode tls = api.path("tls");
    Path cert = tls.hasNonNull("certificate") ? base.resolve(tls.get("certificate").asText()).normalize() : null;
    Path key = tls.hasNonNull("privateKey") ? base.resolve(tls.get("privateKey").asText()).normalize() : null;
    JsonNode plain = api.path("plainHttp");
    if (!plain.isMissingNode() && !plain.isBoolean()) {
      throw new IllegalArgumentException("api.plainHttp must be true or false");
    }
    return new ApiTransport(cert, key, plain.asBoolean(false), api.hasNonNull("publicUrl") ? api.get("publicUrl").asText() : null);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return v.asText();
  }
}
