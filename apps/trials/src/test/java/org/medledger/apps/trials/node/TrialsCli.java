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

  static String[] run(int apiPort, String... args) {
    return offline(Stream.concat(Arrays.stream(args), Stream.of("--api", "http://127.0.0.1:" + apiPort)).toArray(String[]::new));
  }

  /** A command that talks to no node (verify-protocol): exactly these arguments. */
  static synchronized String[] offline(String... all) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new TrialsCommand()).execute(all);
      return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
