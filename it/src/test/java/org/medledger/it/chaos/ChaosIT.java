package org.medledger.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.it.Netns;

/**
 * Chaos on real processes, driven by manifests (issue 19 item 2): the validators of `network
 * init` in their own network namespaces under load, the manifest's faults one after another, then
 * the checks: the same block hash and state root at every height on every node, every
 * acknowledged transaction in the chain, the register history linearizable, no evidence against
 * a validator that ran no twin and committed evidence naming each one that did. Needs root,
 * iproute2 ({@code ip}) and {@code tc} or {@code iptables} (a kernel without sch_netem plays
 * netem steps with {@link org.medledger.it.IptablesNetem}); skipped otherwise.
 *
 * <p>The default run plays {@code chaos/ci.manifest} (3 minutes, every fault kind, the twin last,
 * one full node). {@code -Dmedledger.chaos.manifest=FILE} plays another manifest instead (e.g.
 * {@code it/src/test/resources/chaos/twin.manifest}, the twin alone in 30 s);
 * {@code -Dmedledger.chaos.manifests=N} plays N generated manifests of 15 minutes
 * ({@code -Dmedledger.chaos.minutes=M} another length, 1 to 60), from {@code
 * -Dmedledger.chaos.seed=S} (else a fresh seed, printed): manifest k has seed S + k.
 */
class ChaosIT {
  @TempDir Path dir;

  /**
   * {@code chaos/ci.manifest}: every fault kind, the twin last (a second process with node 3's
   * key apart from node 3 behind a partition that one validator bridges, then together with every
   * link whole). Besides the checks of every run, the chain holds evidence naming node 3's
   * validator, the regulator, and none naming another.
   */
  @Test
  void playsTheCiManifestWithoutForkingLosingOrReordering() throws Exception {
    assumeNamespaces();
    Assumptions.assumeTrue(Integer.getInteger("medledger.chaos.manifests", 0) == 0,
        "generated manifests asked for instead (-Dmedledger.chaos.manifests)");
    String file = System.getProperty("medledger.chaos.manifest");
    ChaosManifest manifest = file == null ? ChaosManifest.parse(resource("chaos/ci.manifest"), "chaos/ci.manifest")
        : ChaosManifest.parse(Files.readString(Path.of(file)), file);
    ChaosReport r = play(manifest, 19, dir);
    if (file == null) {
      assertThat(r.twinConvictions()).as("evidence records naming each twinned validator")
          .containsOnlyKeys("regulator").allSatisfy((org, count) -> assertThat(count).isPositive());
    }
  }

  @Test
  void playsGeneratedManifests() throws Exception {
    int count = Integer.getInteger("medledger.chaos.manifests", 0);
    Assumptions.assumeTrue(count > 0, "-Dmedledger.chaos.manifests=N plays N generated manifests");
    assumeNamespaces();
    int minutes = Integer.getInteger("medledger.chaos.minutes", 15);
    if (minutes < 1 || minutes > 60) {
      throw new IllegalArgumentException("-Dmedledger.chaos.minutes must be 1 to 60, not " + minutes);
    }
    long seed = Long.getLong("medledger.chaos.seed", System.nanoTime());
    for (int k = 0; k < count; k++) {
      ChaosManifest manifest = ManifestGenerator.generate(seed + k, 4, Duration.ofMinutes(minutes));
      System.out.println("generated manifest " + (k + 1) + " of " + count + ", seed " + (seed + k)
          + " (-Dmedledger.chaos.seed=" + (seed + k) + " -Dmedledger.chaos.manifests=1 replays it):\n" + manifest.text());
      Path run = Files.createDirectories(dir.resolve("run-" + k));
      play(manifest, seed + k, run);
    }
  }

  private static ChaosReport play(ChaosManifest manifest, long seed, Path dir) throws Exception {
    ChaosReport r = new ChaosRun(manifest, seed, dir).play();
    System.out.println(r.text());
    r.differences().stream().limit(20).forEach(d -> System.out.println("  " + d));
    r.linearizabilityViolations().stream().limit(20).forEach(v -> System.out.println("  " + v));
    assertThat(r.blocks()).as("blocks committed").isGreaterThan(10);
    assertThat(r.acknowledged()).as("acknowledged transactions").isGreaterThan(0);
    assertThat(r.registerSets()).as("register versions set").isGreaterThan(0);
    assertThat(r.differingHeaders()).as("heights with differing headers").isZero();
    assertThat(r.differingStateRoots()).as("heights with differing state roots").isZero();
    assertThat(r.lostAcknowledged()).as("acknowledged transactions not in the chain").isZero();
    assertThat(r.linearizabilityViolations()).as("register history linearizability violations").isEmpty();
    assertThat(r.doubleSignatures()).as("double signatures by validators without a twin (evidence committed or seen)").isZero();
    r.twinConvictions().forEach((org, count) ->
        assertThat(count).as("evidence committed naming " + org + ", which ran a twin").isPositive());
    return r;
  }

  private static void assumeNamespaces() {
    Assumptions.assumeTrue(Netns.available(), "needs root and iproute2 for network namespaces");
    Assumptions.assumeTrue(Netns.netemAvailable(), "needs tc (iproute2) or iptables for netem");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ChaosIT.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
