package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/deploy.md's commands are commands that exist: every {@code medledger …} line of its
 * {@code sh} blocks parses (its subcommand, options and their values), so a renamed option or a
 * command that was never built fails here rather than on an operator's host.
 */
class DeployGuideCommandsTest {
  static List<String> guideCommands() throws Exception {
    Path guide = Path.of("..", "docs", "deploy.md");
    List<String> commands = new ArrayList<>();
    boolean inShell = false;
    for (String line : Files.readAllLines(guide)) {
      if (line.startsWith("```")) {
        inShell = !inShell && line.equals("```sh");
        continue;
      }
      String command = line.replaceFirst("\\s+#.*$", "").trim();
      if (inShell && command.startsWith("medledger ")) {
        commands.add(command);
      }
    }
    return commands;
  }

  @Test
  void everyMedledgerCommandOfTheGuideParses() throws Exception {
    List<String> commands = guideCommands();
    assertThat(commands).hasSizeGreaterThanOrEqualTo(8);
    for (String command : commands) {
      String[] args = Arrays.copyOfRange(command.split("\\s+"), 1, command.split("\\s+").length);
      CommandLine line = Main.commandLine();
      CommandLine.ParseResult parsed = line.parseArgs(args);
      assertThat(parsed.hasSubcommand()).as(command).isTrue();
      CommandLine.ParseResult leaf = parsed;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      assertThat(leaf.commandSpec().userObject()).as(command + " names a runnable command")
          .isInstanceOf(java.util.concurrent.Callable.class);
    }
  }

  @Test
  void aCommandThatDoesNotExistWouldFail() {
    CommandLine line = Main.commandLine();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> line.parseArgs("user", "add", "--no-such-option", "x"))
        .isInstanceOf(CommandLine.ParameterException.class);
  }
}
