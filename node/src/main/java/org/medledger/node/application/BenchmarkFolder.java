package org.medledger.node.application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The folder a benchmark keeps its consortium in: a fresh one under the system's temporary folder,
 * removed with everything in it when closed (its data is of no use once the figures are printed),
 * or one the user named, left in place. Shared by the CLI's benchmarks and the applications' ({@link
 * BenchmarkCommand}).
 */
public final class BenchmarkFolder implements AutoCloseable {
  private final Path path;
  private final boolean temporary;

  private BenchmarkFolder(Path path, boolean temporary) {
    this.path = path;
    this.temporary = temporary;
  }

  /** A fresh folder named {@code prefix} and a random suffix, removed when closed. */
  public static BenchmarkFolder temporary(String prefix) throws IOException {
    return new BenchmarkFolder(Files.createTempDirectory(prefix), true);
  }

  /** A folder the user chose: kept when closed, so its ledger can be looked at afterwards. */
  public static BenchmarkFolder kept(Path path) {
    return new BenchmarkFolder(path, false);
  }

  public Path path() {
    return path;
  }

  public Path resolve(String other) {
    return path.resolve(other);
  }

  /** The bytes the regular files below {@code p} hold: a ledger's size on disk. */
  public static long size(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** Removes a temporary folder and all below it; a failure is said on stderr, not thrown over the figures. */
  @Override
  public void close() {
    if (!temporary) {
      return;
    }
    try (var walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + path + ": " + e.getMessage());
    }
  }
}
