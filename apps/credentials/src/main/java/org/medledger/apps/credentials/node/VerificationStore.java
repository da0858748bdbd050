package org.medledger.apps.credentials.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Where the custodian's node keeps primary-source verification documents: one file per document,
 * named by its hash, holding its JCS form, in the application's own folder. Off the ledger so it
 * can be erased (docs/credentials.md, "Where the document lives"); every read re-checks the bytes
 * against their name, so a file changed on disk is never served.
 */
final class VerificationStore {
  private final Path dir;
  private final HashFunction hash;

  VerificationStore(Path dir, HashFunction hash) {
    this.dir = dir;
    this.hash = hash;
  }

  void put(Hash id, byte[] canonical) {
    if (!Hash.of(hash.hash(canonical)).equals(id)) {
      throw new IllegalArgumentException("the document's bytes do not hash to " + id.hex());
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, id.hex(), ".tmp");
      Files.write(tmp, canonical);
      Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep verification " + id.hex() + ": " + e.getMessage(), e);
    }
  }

  /** The document's bytes; empty when this node keeps none under that hash. */
  Optional<byte[]> get(Hash id) {
    Path f = file(id);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read verification " + id.hex() + ": " + e.getMessage(), e);
    }
    if (!Hash.of(hash.hash(bytes)).equals(id)) {
      throw new IllegalStateException("the kept verification " + id.hex() + " no longer matches its hash: it is not served");
    }
    return Optional.of(bytes);
  }

  void delete(Hash id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete verification " + id.hex() + ": " + e.getMessage(), e);
    }
  }

  private Path file(Hash id) {
    return dir.resolve(id.hex() + ".json");
  }
}
