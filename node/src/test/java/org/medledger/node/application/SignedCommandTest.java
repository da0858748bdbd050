package org.medledger.node.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The mixin every application's member command stands on: its options reach picocli, a command
 * that forgets to log in is told so, and outcomes print as the CLI prints them. The commands'
 * own network tests (care, insurance, credentials) run it against a node.
 */
class SignedCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Test
  void aCommandOnItTakesTheNodeAndTheIdentityAndRefusesToRunWithoutAnIdentity() {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs("--api", "http://127.0.0.1:9", "--identity", "alice");
    assertThat(probe.caller.api.api).isEqualTo("http://127.0.0.1:9");
    assertThat(probe.caller.identity).isEqualTo(Path.of("alice"));

    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Probe()).setErr(new PrintWriter(err)).execute("--api", "http://127.0.0.1:9");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--identity=<identity>'");
  }

  @Test
  void signingBeforeLoggingInIsRefusedWithWhatToDo() {
    SignedCommand caller = new SignedCommand();
    assertThatThrownBy(() -> caller.sign("care", "milestone", Map.of())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("login() first");
    assertThatThrownBy(caller::chainId).hasMessageContaining("login() first");
  }

  @Test
  void aCommittedOutcomePrintsItsLineAndARefusedOneTheContractsCode() throws Exception {
    JsonNode committed = JSON.readTree("{\"txId\":\"ab12\",\"height\":7,\"outcome\":{\"success\":true}}");
    JsonNode refused = JSON.readTree("{\"txId\":\"cd34\",\"height\":8,\"outcome\":{\"success\":false,\"code\":\"forbidden\","
        + "\"message\":\"not her patient\"}}");
    assertThat(printed(() -> SignedCommand.outcome(committed, "payment"))).isEqualTo("0 payment ab12 committed at height 7");
    assertThat(printed(() -> SignedCommand.outcome(committed, r -> "custom " + r.get("height").asText())))
        .isEqualTo("0 custom 7");
    assertThat(printed(() -> SignedCommand.outcome(refused, "payment"))).isEqualTo("1 refused: forbidden: not her patient");
    assertThat(printed(() -> SignedCommand.transactionOutcome(committed, "assigned U1")))
        .isEqualTo("0 assigned U1: transaction ab12 committed at height 7");
    assertThat(printed(() -> SignedCommand.transactionOutcome(refused, "assigned U1")))
        .isEqualTo("1 refused: forbidden: not her patient");
  }

  /** The exit code and what the action printed on standard output, one line. */
  private static String printed(SignedCommand.Action action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = action.run();
    } finally {
      System.setOut(original);
    }
    return exit + " " + out.toString(StandardCharsets.UTF_8).strip();
  }
}
