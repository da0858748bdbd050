package org.medledger.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChaosManifestTest {
  private static final String HEAD = "validators 4\nduration 3m\nload rate=20 clients=3 registers=3 register-clients=2\n";

  @Test
  void readsEveryFaultKindAndWritesItBack() {
    ChaosManifest m = ChaosManifest.parse(HEAD
        + "at 10s disconnect node=1 for=10s\n"
        + "at 20s kill node=2 down=5s   # a comment\n"
        + "at 30s pause node=3 for=4s\n"
        + "at 40s restart node=0\n"
        + "at 50s partition shape=halves for=8s\n"
        + "at 60s partition shape=ring for=8s\n"
        + "at 70s partition shape=isolate node=2 for=6s\n"
        + "at 80s netem node=1 delay=150ms loss=10% for=8s\n"
        + "at 90s skew node=2 offset=-25s for=12s\n"
        + "at 110s stale-restart node=3 age=14s\n"
        + "at 130s twin node=3 apart=12s together=8s\n", "test");
    assertThat(m.validators()).isEqualTo(4);
    assertThat(m.fullNodes()).isZero();
    assertThat(ChaosManifest.parse("validators 4\nfullnodes 2\n" + HEAD.substring(HEAD.indexOf('\n') + 1), "f").fullNodes())
        .isEqualTo(2);
    assertThat(m.duration()).isEqualTo(Duration.ofMinutes(3));
    assertThat(m.registerClients()).isEqualTo(2);
    assertThat(m.steps()).hasSize(11);
    assertThat(m.steps().get(10).perturbation()).isEqualTo(new Perturbation.Twin(3, Duration.ofSeconds(12), Duration.ofSeconds(8)));
    assertThat(m.steps().get(8).perturbation()).isEqualTo(new Perturbation.ClockSkew(2, Duration.ofSeconds(-25), Duration.ofSeconds(12)));
    assertThat(m.steps().get(7).perturbation()).isEqualTo(new Perturbation.Netem(1, 150, 10, Duration.ofSeconds(8)));
    assertThat(ChaosManifest.parse(m.text(), "again")).isEqualTo(m);
  }

  @Test
  void theCiManifestCoversEveryFaultKindAndEveryPartitionShape() throws Exception {
    String text;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("chaos/ci.manifest")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ChaosManifest m = ChaosManifest.parse(text, "chaos/ci.manifest");
    assertThat(m.duration()).as("issue 19: CI plays one 3-minute manifest").isEqualTo(Duration.ofMinutes(3));
    assertThat(m.fullNodes()).as("a full node follows the CI manifest").isEqualTo(1);
    Set<Class<?>> kinds = new HashSet<>();
    Set<PartitionShape> shapes = EnumSet.noneOf(PartitionShape.class);
    for (ChaosManifest.Step s : m.steps()) {
      kinds.add(s.perturbation().getClass());
      if (s.perturbation() instanceof Perturbation.Partition p) {
        shapes.add(p.shape());
      }
    }
    Set<Class<?>> all = new HashSet<>(List.of(Perturbation.class.getPermittedSubclasses()));
    assertThat(kinds).isEqualTo(all);
    // The twin plays last, so that no fault after it hides whether its evidence reached the chain.
    assertThat(m.steps().get(m.steps().size() - 1).perturbation()).isInstanceOf(Perturbation.Twin.class);
    assertThat(shapes).containsExactlyInAnyOrder(PartitionShape.values());
  }

  @Test
  void theTwinManifestRunsOneTwinApartThenTogetherWithAQuietEnd() throws Exception {
    String text;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("chaos/twin.manifest")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ChaosManifest m = ChaosManifest.parse(text, "chaos/twin.manifest");
    assertThat(m.steps()).hasSize(1);
    assertThat(m.steps().get(0).perturbation()).isInstanceOf(Perturbation.Twin.class);
    ChaosManifest.Step twin = m.steps().get(0);
    assertThat(twin.at().plus(twin.perturbation().lasts())).as("the twin is gone before the end")
        .isLessThan(m.duration());
  }

  @Test
  void refusesABadLineNamingItsNumberAndWhatWasWrong() {
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10s kill node=2 dwn=5s\n", "m.txt"))
        .hasMessageContaining("m.txt line 4").hasMessageContaining("unknown field 'dwn'");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10s explode node=2\n", "m.txt"))
        .hasMessageContaining("line 4").hasMessageContaining("unknown fault 'explode'");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10x kill node=2\n", "m.txt"))
        .hasMessageContaining("line 4").hasMessageContaining("'10x' is not a duration");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10s kill node=7\n", "m.txt"))
        .hasMessageContaining("line 4").hasMessageContaining("node 7 is not one of the 4 validators");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 20s restart node=1\nat 10s restart node=2\n", "m.txt"))
        .hasMessageContaining("line 5").hasMessageContaining("time order");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10s netem node=1 for=5s\n", "m.txt"))
        .hasMessageContaining("netem needs a delay");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10s skew node=1 offset=5s\n", "m.txt"))
        .hasMessageContaining("offset is signed");
    assertThatThrownBy(() -> ChaosManifest.parse(HEAD + "at 10s partition shape=ring node=1\n", "m.txt"))
        .hasMessageContaining("shape=isolate");
    assertThatThrownBy(() -> ChaosManifest.parse("validators 4\nfullnodes 4\n", "m.txt"))
        .hasMessageContaining("line 2").hasMessageContaining("fullnodes must be 0 to 3");
    assertThatThrownBy(() -> ChaosManifest.parse("validators 4\nload rate=x\n", "m.txt"))
        .hasMessageContaining("line 2").hasMessageContaining("not a whole number");
    assertThatThrownBy(() -> ChaosManifest.parse("validators 4\n", "m.txt"))
        .hasMessageContaining("needs 'validators', 'duration' and 'load'");
  }

  @Test
  void aSeedMakesOneManifestThatReadsBackAndTouchesEveryKind() {
    ChaosManifest a = ManifestGenerator.generate(42, 4, Duration.ofMinutes(15));
    assertThat(ManifestGenerator.generate(42, 4, Duration.ofMinutes(15))).isEqualTo(a);
    assertThat(ManifestGenerator.generate(43, 4, Duration.ofMinutes(15))).isNotEqualTo(a);
    assertThat(ChaosManifest.parse(a.text(), "generated")).isEqualTo(a);
    Set<Class<?>> kinds = new HashSet<>();
    long end = 0;
    for (ChaosManifest.Step s : a.steps()) {
      assertThat(s.at()).as("one fault at a time").isGreaterThanOrEqualTo(Duration.ofSeconds(end));
      end = s.at().plus(s.perturbation().lasts()).toSeconds();
      kinds.add(s.perturbation().getClass());
    }
    assertThat(end).isLessThan(15 * 60);
    assertThat(kinds).containsExactlyInAnyOrder(Perturbation.class.getPermittedSubclasses());
  }

  @Test
  void partitionShapesCutTheLinksTheySay() {
    assertThat(PartitionShape.HALVES.cutLinks(4, 0)).extracting(l -> l[0] + "-" + l[1])
        .containsExactly("0-2", "0-3", "1-2", "1-3");
    assertThat(PartitionShape.RING.cutLinks(4, 0)).extracting(l -> l[0] + "-" + l[1]).containsExactly("0-2", "1-3");
    assertThat(PartitionShape.ISOLATE.cutLinks(4, 2)).extracting(l -> l[0] + "-" + l[1]).containsExactly("0-2", "1-2", "2-3");
    assertThat(PartitionShape.RING.cutLinks(5, 0)).extracting(l -> l[0] + "-" + l[1])
        .isEqualTo(List.of("0-2", "0-3", "1-3", "1-4", "2-4"));
  }
}
