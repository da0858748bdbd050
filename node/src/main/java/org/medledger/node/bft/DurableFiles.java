package org.medledger.node.bft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that are durable when they return: write a sibling, fsync it, rename it over
 * the target, fsync the folder. A crash at any point leaves the old file or the new one. Any
 * failure (disk full, an fsync error) throws, naming the file: after a failed fsync the kernel may
 * have dropped the dirty pages, so a caller must treat the write as lost, never retry and go on.
 */
final class DurableFiles {
  /** How files are opened; tests inject a channel that fails as a lying disk would. */
  @FunctionalInterface
  interface ChannelOpener {
    FileChannel open(Path file, OpenOption... options) throws IOException;
  }

  static final DurableFiles SYSTEM = new DurableFiles(FileChannel::open);

  private final ChannelOpener opener;

  DurableFiles(ChannelOpener opener) {
    this.opener = opener;
  }

  void write(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (FileChannel ch = opener.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
    } catch (IOException e) {
      // A half-written sibling is never read; removing it gives a full disk its space back.
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // The write failed already; that is what the caller hears about.
      }
      throw new IOException("cannot write " + target + " durably: " + describe(e), e);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // The rename is durable once the folder is. A platform that cannot open a folder (not Linux)
    // still renames atomically; but a folder that opens and then fails to sync is an I/O error.
    FileChannel folder;
    try {
      folder = opener.open(target.getParent(), StandardOpenOption.READ);
    } catch (IOException | UnsupportedOperationException cannotOpenFolders) {
      return;
    }
    try (folder) {
      folder.force(true);
    } catch (IOException e) {
      throw new IOException("cannot sync the folder " + target.getParent() + " after renaming " + target + ": "
          + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
