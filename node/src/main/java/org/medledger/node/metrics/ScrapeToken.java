package org.medledger.node.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token a Prometheus server sends to scrape {@code GET /metrics}: a random 32-byte
 * value, hex, in {@code <dataDir>/secrets/metrics.token} (0600). Apart from the API's token key
 * so that whoever holds it reads the node's figures and nothing else: it opens no patient data,
 * signs nothing, and replacing the file (then restarting) rotates it. Made on the node's first
 * start when absent, as losing it costs nothing but a scraper's reconfiguration.
 */
public final class ScrapeToken {
  public static final String FILE = "metrics.token";
  private static final int BYTES = 32;

  private final byte[] expected;

  private ScrapeToken(byte[] expected) {
    this.expected = expected;
  }

  /** Reads the token, creating it (owner-only) when the data folder has none. */
  public static ScrapeToken loadOrCreate(Path dataDir) throws IOException {
    Path secrets = dataDir.resolve("secrets");
    Files.createDirectories(secrets);
    Path file = secrets.resolve(FILE);
    if (!Files.exists(file)) {
      byte[] random = new byte[BYTES];
      new SecureRandom().nextBytes(random);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardOpenOption.TRUNCATE_EXISTING);
      } catch (FileAlreadyExistsException raced) {
        // another start made it first: read theirs
      }
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (text.length() < 32) {
      throw new IOException(file + " holds a scrape token of " + text.length()
          + " characters; it needs at least 32 (delete the file and restart the node to make a new one)");
    }
    return new ScrapeToken(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether an {@code Authorization} header carries this token, compared in constant time. */
  public boolean admits(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, expected);
  }
}
