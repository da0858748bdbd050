package org.medledger.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeTokenTest {
  @TempDir Path dir;

  @Test
  void madeOnceOwnerOnlyAndAdmitsOnlyItself() throws IOException {
    ScrapeToken token = ScrapeToken.loadOrCreate(dir);
    Path file = dir.resolve("secrets").resolve(ScrapeToken.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    String text = Files.readString(file).trim();
    assertThat(text).hasSize(64);
    assertThat(token.admits("Bearer " + text)).isTrue();
    assertThat(token.admits("bearer " + text + " ")).as("the scheme is case-blind, spaces trimmed").isTrue();
    assertThat(token.admits(null)).isFalse();
    assertThat(token.admits(text)).as("no scheme").isFalse();
    assertThat(token.admits("Basic " + text)).isFalse();
    assertThat(token.admits("Bearer " + text.substring(1))).as("a prefix of it").isFalse();
    assertThat(token.admits("Bearer " + text + "0")).as("longer").isFalse();
    assertThat(ScrapeToken.loadOrCreate(dir).admits("Bearer " + text)).as("kept across restarts").isTrue();
  }

  @Test
  void aShortTokenFileIsRefusedNamingTheFile() throws IOException {
    Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(dir.resolve("secrets").resolve(ScrapeToken.FILE), "short\n");
    assertThatThrownBy(() -> ScrapeToken.loadOrCreate(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining(ScrapeToken.FILE).hasMessageContaining("at least 32");
  }
}
