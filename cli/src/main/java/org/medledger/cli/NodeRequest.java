package org.medledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.EncryptionKeyCertificate;
import org.medledger.crypto.Hex;
import org.medledger.crypto.UncertifiedKeyException;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.NodeEncryptionKey;
import org.medledger.node.NodeSecrets;

/**
 * What a node host sends its organisation's offline CA (`medledger node request`, then `medledger
 * ca sign`): the node's signing public key and its REST API's public key, the host it is reached
 * at, and its encryption key's certificate, which the node key signed (so the request proves the
 * host holds that key, as a CSR's self-signature does). The private keys never leave the node
 * folder: {@code key.pem}, {@code encryption-key.pem} and {@code api/key.pem}, all 0600.
 *
 * @param organisation the organisation whose CA must sign it
 * @param name the validator's name ({@code <organisation>-node}, as network init names it)
 * @param chainId the chain id its encryption key certificate is bound to
 * @param host the address its peers dial and its certificates name (an IP literal or a DNS name)
 */
record NodeRequest(String organisation, String name, String chainId, String suite, String host, PublicKey nodeKey,
    PublicKey apiKey, EncryptionKeyCertificate encryptionKey) {
  static final String FILE = "request.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes the node's keys in {@code nodeDir} (refusing to overwrite a key) and writes its request there. */
  static NodeRequest create(CryptoSuite suite, String organisation, String chainId, String host, Path nodeDir)
      throws IOException {
    if (!suite.id().equals("intl")) {
      throw new IllegalArgumentException("--suite " + suite.id() + ": a node request is for suite intl only (a gm node also"
          + " needs a P-256 transport certificate); for gm let network init make the organisation's CA");
    }
    for (String f : List.of("key.pem", NodeEncryptionKey.FILE, "api/key.pem", FILE)) {
      if (Files.exists(nodeDir.resolve(f))) {
        throw new IllegalStateException(nodeDir.resolve(f) + " already exists: a node's keys are made once; choose another --out");
      }
    }
    SecureRandom random = new SecureRandom();
    String name = organisation + "-node";
    KeyPair node = suite.signatures().generateKeyPair(random);
    KeyPair api = CryptoSuites.intl().signatures().generateKeyPair(random);
    Files.createDirectories(nodeDir);
    NodeSecrets.create(ownerOnly(nodeDir).resolve("key.pem"), Pem.privateKey(node.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    NodeSecrets.create(ownerOnly(nodeDir.resolve("api")).resolve("key.pem"),
        Pem.privateKey(api.getPrivate()).getBytes(StandardCharsets.US_ASCII));
    EncryptionKeyCertificate encryption = NodeEncryptionKey.create(suite, suite.signatures().signer(node), chainId, name,
        NodeEncryptionKey.fileFor(nodeDir.resolve("key.pem")), random);
    NodeRequest r = new NodeRequest(organisation, name, chainId, suite.id(), host, node.getPublic(), api.getPublic(), encryption);
    Files.writeString(nodeDir.resolve(FILE), r.toJson());
    return r;
  }

  private static Path ownerOnly(Path dir) throws IOException {
    Files.createDirectories(dir);
    try {
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: nothing to narrow.
    }
    return dir;
  }

  String toJson() {
    ObjectNode o = JSON.createObjectNode()
        .put("organisation", organisation).put("name", name).put("chainId", chainId).put("suite", suite).put("host", host)
        .put("nodeKey", Pem.publicKey(nodeKey)).put("apiKey", Pem.publicKey(apiKey))
        .put("encryptionKeyCertificate", Hex.encode(encryptionKey.encode()));
    return o.toPrettyString() + "\n";
  }

  /** Reads and checks a request: every field present, and the encryption key certified by the node key it names. */
  static NodeRequest read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + " does not exist: give the request.json `medledger node request` wrote");
    }
    JsonNode o;
    try {
      o = JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage());
    }
    List<String> missing = new ArrayList<>();
    for (String f : List.of("organisation", "name", "chainId", "suite", "host", "nodeKey", "apiKey", "encryptionKeyCertificate")) {
      if (!o.path(f).isTextual() || o.path(f).asText().isBlank()) {
        missing.add(f);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(file + " lacks " + String.join(", ", missing) + ": it is not a node request");
    }
    String organisation = o.get("organisation").asText();
    String name = o.get("name").asText();
    if (!name.equals(organisation + "-node")) {
      throw new IllegalArgumentException(file + ": the node of " + organisation + " is named " + organisation + "-node, not " + name);
    }
    CryptoSuite suite = CryptoSuites.byId(o.get("suite").asText());
    PublicKey nodeKey;
    PublicKey apiKey;
    EncryptionKeyCertificate encryption;
    try {
      nodeKey = Pem.parsePublicKey(suite.signatures(), o.get("nodeKey").asText());
      apiKey = Pem.parsePublicKey(CryptoSuites.intl().signatures(), o.get("apiKey").asText());
      encryption = EncryptionKeyCertificate.decode(Hex.decode(o.get("encryptionKeyCertificate").asText()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": a key in it does not read: " + e.getMessage());
    }
    NodeRequest r = new NodeRequest(organisation, name, o.get("chainId").asText(), suite.id(), o.get("host").asText(), nodeKey,
        apiKey, encryption);
    try {
      r.encryptionKey.certify(suite, r.chainId, EncryptionKeyCertificate.nodeHolder(name), nodeKey);
    } catch (UncertifiedKeyException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": its encryption key certificate is not signed by its node key for chain "
          + r.chainId + ": " + e.getMessage());
    }
    return r;
  }
}
