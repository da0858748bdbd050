package org.medledger.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real file system of a few MiB (tmpfs), so a full disk is the kernel's ENOSPC, not a simulated
 * one. Mounting needs root; {@link #mount} answers null where it cannot, and the test is skipped.
 */
final class SmallTmpfs implements AutoCloseable {
  final Path root;
  private final Path filler;

  private SmallTmpfs(Path root) {
    this.root = root;
    this.filler = root.resolve("filler");
  }

  static SmallTmpfs mount(Path at, int mebibytes) throws IOException, InterruptedException {
    Files.createDirectories(at);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", at.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0 ? new SmallTmpfs(at) : null;
  }

  /** Writes a filler file until the kernel answers ENOSPC; returns that answer's message. */
  String fill() throws IOException {
    try (OutputStream out = Files.newOutputStream(filler)) {
      byte[] chunk = new byte[4096];
      while (true) {
        out.write(chunk);
      }
    } catch (IOException full) {
      return full.getMessage();
    }
  }

  /** Gives the space back. */
  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("umount", root.toString()).redirectErrorStream(true).start().waitFor();
  }
}
