package org.medledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.medledger.core.genesis.Genesis;
import org.medledger.crypto.Hash;

/**
 * A {@link LogHeadTracker.LogHead} kept in a file between runs of a client that has no memory of
 * its own (the CLI's {@code --log-head}): the log's size and root and the header's height, with
 * the chain's signing id, so a head of another network is never taken for this one's. Absent, the
 * client has verified no head yet. Written whole to a temporary file and moved over the old one,
 * so a run that dies half-way leaves the previous head, never a cut one.
 */
public final class LogHeadFile {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LogHeadFile() {}

  /**
   * The head {@code file} holds for {@code genesis}'s chain, or null when there is no file yet.
   *
   * @throws IllegalArgumentException naming the file and what in it is wrong
   */
  public static LogHeadTracker.LogHead read(Path file, Genesis genesis) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    JsonNode n;
    try {
      n = JSON.readTree(Files.readString(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the log-head file " + file + " is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("the log-head file " + file + " is not a JSON object");
    }
    String chain = n.path("chain").asText("");
    if (!chain.equals(genesis.signingChainId())) {
      throw new IllegalArgumentException("the log-head file " + file + " is for chain '" + chain + "', not this genesis's '"
          + genesis.signingChainId() + "'");
    }
    Hash root;
    try {
      root = Hash.fromHex(n.path("root").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the log-head file " + file + ": 'root' is not a hash in hex: " + e.getMessage());
    }
    return new LogHeadTracker.LogHead(whole(n, "size", file), root, whole(n, "height", file));
  }

  /** Writes {@code head} for {@code genesis}'s chain to {@code file}, replacing what it held. */
  public static void write(Path file, Genesis genesis, LogHeadTracker.LogHead head) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("chain", genesis.signingChainId());
    n.put("size", head.size());
    n.put("root", head.root().hex());
    n.put("height", head.height());
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, file.getFileName().toString(), ".partial");
    try {
      Files.writeString(partial, n.toPrettyString() + "\n");
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static long whole(JsonNode n, String field, Path file) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
      throw new IllegalArgumentException("the log-head file " + file + ": '" + field + "' is not a whole number");
    }
    return v.asLong();
  }
}
