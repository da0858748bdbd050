package org.medledger.core.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The genesis as the JSON file `network init` writes and every node and verifier reads. */
public final class GenesisJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GenesisJson() {}

  public static String write(Genesis g) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("chainId", g.chainId());
    root.put("suite", g.suite());
    root.put("timestamp", g.timestamp());
    ArrayNode orgs = root.putArray("organisations");
    for (Organisation o : g.organisations()) {
      ObjectNode on = orgs.addObject().put("name", o.name()).put("caCertificate", o.caCertificatePem());
      ArrayNode roles = on.putArray("roles");
      o.roles().forEach(r -> roles.add(r.wireName()));
    }
    ArrayNode vals = root.putArray("validators");
    for (ValidatorEntry v : g.validators()) {
      vals.addObject()
          .put("organisation", v.organisation())
          .put("name", v.name())
          .put("nodeCertificate", v.nodeCertificatePem())
          .put("encryptionKeyCertificate", org.medledger.crypto.Hex.encode(v.encryptionKeyCertificate().encode()));
    }
    ArrayNode revoked = root.putArray("revokedCertificates");
    g.revokedCertificates().forEach(revoked::add);
    ChainParameters p = g.parameters();
    root.putObject("parameters")
        .put("maxTransactionBytes", p.maxTransactionBytes())
        .put("maxBlockTransactions", p.maxBlockTransactions())
        .put("blockIntervalMillis", p.blockIntervalMillis())
        .put("timestampToleranceMillis", p.timestampToleranceMillis());
    if (g.applications().isPresent()) {
      ArrayNode apps = root.putArray("applications");
      g.applications().get().forEach(a -> apps.addObject().put("name", a.name()).put("version", a.version()));
    }
    if (!g.registeredCertificates().isEmpty()) {
      ArrayNode registered = root.putArray("registeredCertificates");
      g.registeredCertificates().forEach(registered::add);
    }
    g.governance().ifPresent(rules -> root.putObject("governance")
        .put("memberChanges", rules.memberChanges().toString())
        .put("validatorChanges", rules.validatorChanges().toString())
        .put("votingPeriodBlocks", rules.votingPeriodBlocks())
        .put("activationDelayBlocks", rules.activationDelayBlocks()));
    // Version 1 is the field's absence (Genesis#encode): one genesis, one file, one hash.
    if (g.protocolVersion() != Genesis.FIRST_PROTOCOL_VERSION) {
      root.put("protocolVersion", g.protocolVersion());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write genesis JSON", e);
    }
  }

  /** Parses and checks a genesis; the error names the missing or bad field. */
  public static Genesis read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("genesis is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("genesis must be a JSON object");
    }
    List<Organisation> orgs = new ArrayList<>();
    for (JsonNode o : array(root, "organisations")) {
      String name = text(o, "name");
      JsonNode roles = o.get("roles");
      if (roles == null || !roles.isArray() || roles.isEmpty()) {
        throw new IllegalArgumentException("genesis: organisation '" + name
            + "' must list its 'roles' (e.g. [\"admin\", \"clinician\", \"patient\", \"node\"]): a certificate's role is"
            + " only what the consortium granted its organisation");
      }
      List<String> names = new ArrayList<>();
      for (JsonNode r : roles) {
        if (!r.isTextual()) {
          throw new IllegalArgumentException("genesis: roles of organisation '" + name + "' must be strings");
        }
        names.add(r.asText());
      }
      orgs.add(new Organisation(name, text(o, "caCertificate"), Organisation.parseRoles(name, String.join(",", names))));
    }
    List<ValidatorEntry> vals = new ArrayList<>();
    for (JsonNode v : array(root, "validators")) {
      vals.add(new ValidatorEntry(text(v, "organisation"), text(v, "name"), text(v, "nodeCertificate"),
          encryptionKeyCertificate(v)));
    }
    List<String> revoked = new ArrayList<>();
    JsonNode r = root.get("revokedCertificates");
    if (r != null) {
      r.forEach(n -> revoked.add(n.asText()));
    }
    JsonNode p = root.get("parameters");
    ChainParameters params =
        p == null
            ? ChainParameters.DEFAULTS
            : new ChainParameters(
                number(p, "maxTransactionBytes").intValue(),
                number(p, "maxBlockTransactions").intValue(),
                number(p, "blockIntervalMillis").longValue(),
                number(p, "timestampToleranceMillis").longValue());
    return new Genesis(
        text(root, "chainId"),
        text(root, "suite"),
        number(root, "timestamp").longValue(),
        orgs,
        vals,
        revoked,
        params,
        applications(root),
        registeredCertificates(root),
        governance(root),
        protocolVersion(root));
  }

  /**
   * Optional: the protocol version the chain starts at; absent, 1 (every chain before the field).
   * Whether this release runs it is the node's check at start (UpgradeGate), not the reader's:
   * a verifier reads any genesis it can parse.
   */
  private static int protocolVersion(JsonNode root) {
    if (!root.has("protocolVersion")) {
      return Genesis.FIRST_PROTOCOL_VERSION;
    }
    JsonNode n = root.get("protocolVersion");
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < Genesis.FIRST_PROTOCOL_VERSION) {
      throw new IllegalArgumentException("genesis: 'protocolVersion' must be a whole number from "
          + Genesis.FIRST_PROTOCOL_VERSION + " (the protocol version the chain starts at), got " + n);
    }
    return n.intValue();
  }

  /** Absent: no on-chain governance; present: each field, or its default when left out. */
  private static java.util.Optional<GovernanceRules> governance(JsonNode root) {
    if (!root.has("governance")) {
      return java.util.Optional.empty();
    }
    JsonNode g = root.get("governance");
    if (!g.isObject()) {
      throw new IllegalArgumentException("genesis: 'governance' must be an object {\"memberChanges\": \">1/2\","
          + " \"validatorChanges\": \">=2/3\", \"votingPeriodBlocks\", \"activationDelayBlocks\"}");
    }
    GovernanceRules d = GovernanceRules.DEFAULTS;
    try {
      return java.util.Optional.of(new GovernanceRules(
          g.has("memberChanges") ? Threshold.parse(text(g, "memberChanges")) : d.memberChanges(),
          g.has("validatorChanges") ? Threshold.parse(text(g, "validatorChanges")) : d.validatorChanges(),
          g.has("votingPeriodBlocks") ? number(g, "votingPeriodBlocks").longValue() : d.votingPeriodBlocks(),
          g.has("activationDelayBlocks") ? number(g, "activationDelayBlocks").longValue() : d.activationDelayBlocks()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().startsWith("genesis:") ? e.getMessage()
          : "genesis: governance: " + e.getMessage());
    }
  }

  /** Optional: PEM certificates registered from the first block (network init's admins). */
  private static List<String> registeredCertificates(JsonNode root) {
    if (!root.has("registeredCertificates")) {
      return List.of();
    }
    List<String> pems = new ArrayList<>();
    for (JsonNode n : array(root, "registeredCertificates")) {
      if (!n.isTextual()) {
        throw new IllegalArgumentException("genesis: each of 'registeredCertificates' must be a PEM certificate (a string)");
      }
      pems.add(n.asText());
    }
    return pems;
  }

  /** Absent: the chain runs what every chain ran before the field (GenesisApplication.BEFORE_THE_FIELD). */
  private static java.util.Optional<List<GenesisApplication>> applications(JsonNode root) {
    if (!root.has("applications")) {
      return java.util.Optional.empty();
    }
    List<GenesisApplication> apps = new ArrayList<>();
    for (JsonNode a : array(root, "applications")) {
      if (!a.isObject()) {
        throw new IllegalArgumentException("genesis: each of 'applications' must be an object {\"name\", \"version\"}");
      }
      String name = text(a, "name");
      long version = number(a, "version").longValue();
      if (version > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("genesis: application '" + name + "': 'version' is too large");
      }
      try {
        apps.add(new GenesisApplication(name, (int) version));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("genesis: " + e.getMessage());
      }
    }
    return java.util.Optional.of(apps);
  }

  private static org.medledger.crypto.EncryptionKeyCertificate encryptionKeyCertificate(JsonNode validator) {
    String name = validator.path("name").asText("?");
    JsonNode n = validator.get("encryptionKeyCertificate");
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("genesis: validator '" + name + "' has no 'encryptionKeyCertificate' (hex): since"
          + " genesis v3 each node decrypts with its own encryption key, certified by its node key; a genesis written"
          + " before it is refused: make the network anew with `medledger network init` (a demo: a new --data folder)");
    }
    try {
      return org.medledger.crypto.EncryptionKeyCertificate.decode(org.medledger.crypto.Hex.decode(n.asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("genesis: validator '" + name + "': " + e.getMessage());
    }
  }

  private static JsonNode array(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isArray()) {
      throw new IllegalArgumentException("genesis: '" + field + "' must be an array");
    }
    return n;
  }

  private static String text(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException("genesis: '" + field + "' must be a string");
    }
    return n.asText();
  }

  private static Number number(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isIntegralNumber()) {
      throw new IllegalArgumentException("genesis: '" + field + "' must be an integer");
    }
    return n.numberValue();
  }
}
