package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two runs on one machine get namespaces of their own ({@link Netns#forThisRun}): different
 * names and subnets, a teardown that removes only its own, and a dead run's slot taken again.
 * Needs root and iproute2; skipped otherwise. A second or so.
 */
class NetnsSlotTest {
  private static final String FAMILY = "mlslt";

  @BeforeEach
  void needsNamespaces() {
    Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 for network namespaces");
  }

  @Test
  void twoRunsGetTheirOwnNamesAndSubnetsAndEachTeardownRemovesOnlyItsOwn() throws Exception {
    try (Netns first = Netns.forThisRun(FAMILY, "10.77", 2, 7)) {
      try (Netns second = Netns.forThisRun(FAMILY, "10.77", 2, 7)) {
        assertThat(first.prefix()).isEqualTo("mlslt7-");
        assertThat(second.prefix()).isEqualTo("mlslt8-");
        assertThat(first.ip(0)).isEqualTo("10.77.7.1");
        assertThat(second.ip(0)).isEqualTo("10.77.8.1");
        assertThat(namespaces()).contains("mlslt7-0", "mlslt7-1", "mlslt8-0", "mlslt8-1");
        first.close();
        assertThat(namespaces()).doesNotContain("mlslt7-0").contains("mlslt8-0", "mlslt8-1");
        // The second's bridge and nodes keep their addresses.
        assertThat(run("ip", "-o", "addr", "show", "mlslt8-br")).contains("10.77.8.254/24");
        assertThat(run("ip", "netns", "exec", "mlslt8-1", "ip", "-o", "addr", "show", "eth0")).contains("10.77.8.2/24");
      }
      assertThat(namespaces()).doesNotContain("mlslt8-0");
    }
  }

  @Test
  void aSlotWhoseClaimantDiedIsClearedAndTakenAgain() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    // A run killed with -9 after claiming slot 20 and making one namespace.
    run("ip", "link", "add", "mlslt20-br", "type", "bridge");
    run("ip", "netns", "add", "mlslt20-0");
    Path claims = Path.of(System.getProperty("java.io.tmpdir"), "medledger-netns");
    Files.createDirectories(claims);
    Files.writeString(claims.resolve("mlslt20-pid"), Long.toString(gone.pid()));
    try (Netns taken = Netns.forThisRun(FAMILY, "10.77", 1, 20)) {
      assertThat(taken.prefix()).isEqualTo("mlslt20-");
      assertThat(Files.readString(claims.resolve("mlslt20-pid"))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }
    assertThat(namespaces()).doesNotContain("mlslt20-0");
  }

  @Test
  void aSlotWhoseClaimantLivesIsLeftAlone() throws Exception {
    run("ip", "link", "add", "mlslt30-br", "type", "bridge");
    Path claims = Path.of(System.getProperty("java.io.tmpdir"), "medledger-netns");
    Files.createDirectories(claims);
    // Held by a live process (this one stands in for another run's JVM).
    Files.writeString(claims.resolve("mlslt30-pid"), Long.toString(ProcessHandle.current().pid()));
    try (Netns next = Netns.forThisRun(FAMILY, "10.77", 1, 30)) {
      assertThat(next.prefix()).isEqualTo("mlslt31-");
      assertThat(links()).contains("mlslt30-br");
    } finally {
      run("ip", "link", "del", "mlslt30-br");
      Files.deleteIfExists(claims.resolve("mlslt30-pid"));
    }
  }

  private static String namespaces() throws IOException, InterruptedException {
    return run("ip", "netns", "list");
  }

  private static String links() throws IOException, InterruptedException {
    return run("ip", "-o", "link");
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
    return out;
  }
}
