package org.medledger.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code promtool} (package {@code prometheus}, which bin/test installs), run as a
 * process: its verdict, not ours, on what a Prometheus server accepts.
 */
public final class Promtool {
  public static final Path BINARY = Path.of("/usr/bin/promtool");

  private Promtool() {}

  /** Skips the calling test when promtool is not installed (bin/test installs it). */
  public static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), "promtool is not installed: apt-get install -y prometheus");
  }

  /** {@code promtool check metrics} on {@code exposition}, read from its standard input. */
  public static void checkMetrics(String exposition) throws IOException, InterruptedException {
    assumeInstalled();
    Process p = new ProcessBuilder(BINARY.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics:\n" + out).isZero();
    assertThat(out).as("promtool's lint").isEmpty();
  }

  /** Runs promtool with {@code args}; returns its output once it exited 0. */
  public static String run(List<String> args) throws IOException, InterruptedException {
    assumeInstalled();
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool " + args + ":\n" + out).isZero();
    return out;
  }
}
