package org.medledger.node.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFolderTest {
  @TempDir
  Path chosen;

  @Test
  void aTemporaryFolderGoesWithAllItHoldsWhenClosed() throws Exception {
    Path path;
    try (BenchmarkFolder folder = BenchmarkFolder.temporary("medledger-folder-test")) {
      path = folder.path();
      Files.createDirectories(folder.resolve("network/hospital-a"));
      Files.write(folder.resolve("network/hospital-a/block"), new byte[300]);
      Files.write(folder.resolve("network/genesis.json"), new byte[40]);
      assertThat(BenchmarkFolder.size(folder.resolve("network"))).isEqualTo(340);
      assertThat(BenchmarkFolder.size(folder.resolve("network/hospital-a"))).isEqualTo(300);
    }
    assertThat(path).doesNotExist();
  }

  @Test
  void aFolderTheUserNamedIsKept() throws Exception {
    try (BenchmarkFolder folder = BenchmarkFolder.kept(chosen)) {
      Files.write(folder.resolve("ledger"), new byte[7]);
    }
    assertThat(chosen.resolve("ledger")).exists();
  }

  @Test
  void linksStartFromAFreePortOrTheFallback() throws Exception {
    int port = ConsortiumWriter.firstP2pPort(40000);
    assertThat(port).isBetween(1, 60000);
  }
}
