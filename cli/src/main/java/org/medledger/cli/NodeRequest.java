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
 * <p>A gm node also makes its P-256 transport key ({@code tls/key.pem}: the JDK's TLS has no SM2)
 * and asks the same CA for its {@code <name>-tls} transport certificate; the node key signs that
 * key in the request, so a key swapped on the way gets no certificate.
 *
 * @param organisation the organisation whose CA must sign it
 * @param name the validator's name ({@code <organisation>-node}, as network init names it)
 * @param chainId the chain id its encryption key certificate is bound to
 * @param host the address its peers dial and its certificates name (an IP literal or a DNS name)
 * @param transportKey gm only (else null): the P-256 key node-to-node TLS runs on
 * @param transportKeySignature the node key's signature over {@link #transportKeyMessage}; null with no transport key
 */
record NodeRequest(String organisation, String name, String chainId, String suite, String host, PublicKey nodeKey,
    PublicKey apiKey, EncryptionKeyCertificate encryptionKey, PublicKey transportKey, byte[] transportKeySignature) {
  static final String FILE = "request.json";
  /** Where a gm node keeps its transport key and certificate, relative to its node folder (as network init). */
  static final String TRANSPORT_KEY = "tls/key.pem";
  static final String TRANSPORT_CERTIFICATE = "tls/cert.pem";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes the node's keys in {@code nodeDir} (refusing to overwrite a key) and writes its request there. */
  static NodeRequest create(CryptoSuite suite, String organisation, String chainId, String host, Path nodeDir)
      throws IOException {
    for (String f : List.of("key.pem", NodeEncryptionKey.FILE, "api/key.pem", TRANSPORT_KEY, FILE)) {
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
    PublicKey transport = null;
    byte[] transportSignature = null;
    if (needsTransportKey(suite.id())) {
      KeyPair t = CryptoSuites.intl().signatures().generateKeyPair(random);
      NodeSecrets.create(ownerOnly(nodeDir.resolve("tls")).resolve("key.pem"),
          Pem.privateKey(t.getPrivate()).getBytes(StandardCharsets.US_ASCII));
      transport = t.getPublic();
      transportSignature = suite.signatures().signer(node).sign(transportKeyMessage(chainId, name, transport));
    }
    NodeRequest r = new NodeRequest(organisation, name, chainId, suite.id(), host, node.getPublic(), api.getPublic(), encryption,
        transport, transportSignature);
    Files.writeString(nodeDir.resolve(FILE), r.toJson());
    return r;
  }

  /** A suite the JDK's TLS cannot run node links on (gm): the node needs a separate P-256 transport key. */
  static boolean needsTransportKey(String suite) {
    return !suite.equals("intl");
  }

  /** What the node key signs to vouch for its transport key: bound to the chain and the node's name. */
  static byte[] transportKeyMessage(String chainId, String name, PublicKey transportKey) {
    byte[] head = ("medledger-node-request/transport-key/v1:" + chainId + ":" + name + ":").getBytes(StandardCharsets.UTF_8);
    byte[] key = transportKey.getEncoded();
    byte[] out = java.util.Arrays.copyOf(head, head.length + key.length);
    System.arraycopy(key, 0, out, head.length, key.length);
    return out;
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
    if (transportKey != null) {
      o.put("transportKey", Pem.publicKey(transportKey)).put("transportKeySignature", Hex.encode(transportKeySignature));
    }
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
    CryptoSuite suite;
    try {
      suite = CryptoSuites.byId(o.get("suite").asText());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": suite '" + o.get("suite").asText() + "' is not intl or gm");
    }
    if (needsTransportKey(suite.id())) {
      for (String f : List.of("transportKey", "transportKeySignature")) {
        if (!o.path(f).isTextual() || o.path(f).asText().isBlank()) {
          missing.add(f);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(file + " lacks " + String.join(", ", missing) + ", which a " + suite.id()
            + " node's request carries (its P-256 transport key): make it again with `medledger node request --suite "
            + suite.id() + "`");
      }
    }
    PublicKey nodeKey;
    PublicKey transportKey = null;
    byte[] transportSignature = null;
    PublicKey apiKey;
    EncryptionKeyCertificate encryption;
    try {
      nodeKey = Pem.parsePublicKey(suite.signatures(), o.get("nodeKey").asText());
      apiKey = Pem.parsePublicKey(CryptoSuites.intl().signatures(), o.get("apiKey").asText());
      encryption = EncryptionKeyCertificate.decode(Hex.decode(o.get("encryptionKeyCertificate").asText()));
      if (needsTransportKey(suite.id())) {
        transportKey = Pem.parsePublicKey(CryptoSuites.intl().signatures(), o.get("transportKey").asText());
        transportSignature = Hex.decode(o.get("transportKeySignature").asText());
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": a key in it does not read: " + e.getMessage());
    }
    NodeRequest r = new NodeRequest(organisation, name, o.get("chainId").asText(), suite.id(), o.get("host").asText(), nodeKey,
        apiKey, encryption, transportKey, transportSignature);
    if (transportKey != null && !suite.signatures().verifier(nodeKey)
        .verify(transportKeyMessage(r.chainId, name, transportKey), transportSignature)) {
      throw new IllegalArgumentException(file + ": its transportKey is not signed by its node key (transportKeySignature):"
          + " the request was altered, or is not this node's");
    }
    try {
      r.encryptionKey.certify(suite, r.chainId, EncryptionKeyCertificate.nodeHolder(name), nodeKey);
    } catch (UncertifiedKeyException | RuntimeException e) {
      throw new IllegalArgumentException(file + ": its encryption key certificate is not signed by its node key for chain "
          + r.chainId + ": " + e.getMessage());
    }
    return r;
  }
}
