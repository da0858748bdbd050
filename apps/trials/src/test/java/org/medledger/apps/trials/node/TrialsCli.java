package org.medledger.apps.trials.node;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs {@code medledger trials ...} in this JVM against a node's API: its exit code, what it printed and what it complained. */
final class TrialsCli {
  private TrialsCli() {}

  static synchronized String[] run(int apiPort, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      String[] all = Stream.concat(Arrays.stream(args), Stream.of("--api", "http://127.0.0.1:" + apiPort)).toArray(String[]::new);
      int code = new CommandLine(new TrialsCommand()).execute(all);
      return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
