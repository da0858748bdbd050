package org.medledger.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The API token {@code medledger login} writes and {@code medledger api get} reads: one line, the
 * bearer token, in a file only its owner reads (a token is as good as the certificate's key until
 * it expires). Its default place is the identity folder, beside the key it came from.
 */
final class TokenFile {
  static final String DEFAULT_NAME = "token";

  private TokenFile() {}

  static Path defaultFor(Path identity) {
    return identity.resolve(DEFAULT_NAME);
  }

  /** Replaces the file; a new file is owner-only from its first byte. */
  static void write(Path file, String token) throws IOException {
    Files.deleteIfExists(file);
    Set<StandardOpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
    try (var out = posix
        ? Files.newByteChannel(file, create, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        : Files.newByteChannel(file, create)) {
      out.write(java.nio.ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII)));
    }
  }

  static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no token file " + file + ": run `medledger login --identity <folder>` first");
    }
    String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (token.isEmpty() || token.contains("\n")) {
      throw new IllegalArgumentException("token file " + file + " must hold one line, the token `medledger login` wrote");
    }
    return token;
  }
}
