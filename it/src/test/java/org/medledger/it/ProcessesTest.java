package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which `medledger` processes the tests start with the client compiler only, and where the options go. */
class ProcessesTest {
  @Test
  void aCommandRunsWithTheClientCompilerOnlyBeforeItsOwnOptionsAndTheMainClass() {
    List<String> cmd = Processes.medledger(null, List.of("-Dmedledger.x=1"), "network", "init", "--orgs", "a").command();
    int main = cmd.indexOf("org.medledger.cli.Main");
    assertThat(cmd.subList(0, main)).containsSubsequence("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dmedledger.x=1");
    assertThat(cmd.subList(main + 1, cmd.size())).containsExactly("network", "init", "--orgs", "a");
    assertThat(Processes.medledger(null, "demo", "--duration", "1").command()).containsAll(Processes.CLIENT_COMPILER_ONLY);
    assertThat(Processes.medledger(null, "verify", "proof.json").command()).containsAll(Processes.CLIENT_COMPILER_ONLY);
  }

  @Test
  void aNodeKeepsTheDefaultJit() {
    List<String> node = Processes.medledger(null, List.of("-Dmedledger.clock.skewMillis=5"), "node", "start", "--config", "n.json")
        .command();
    assertThat(node).doesNotContainAnyElementsOf(Processes.CLIENT_COMPILER_ONLY).contains("-Dmedledger.clock.skewMillis=5");
    // A test whose node mostly starts (NodeProcessCrashIT, DeployGuideIT) asks for the options: given once.
    List<String> asked = Processes.medledger(null, Processes.CLIENT_COMPILER_ONLY, "node", "start", "--config", "n.json").command();
    assertThat(asked.stream().filter(o -> o.equals("-XX:TieredStopAtLevel=1"))).hasSize(1);
    // `node request` makes a key pair and exits: a command like any other.
    assertThat(Processes.medledger(null, "node", "request", "--org", "insurer").command()).containsAll(Processes.CLIENT_COMPILER_ONLY);
  }
}
