package org.medledger.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the `medledger` command as a real JVM process with this test's classpath. */
public final class Processes {
  private Processes() {}

  public static ProcessBuilder medledger(Path log, String... args) {
    return medledger(log, List.of(), args);
  }

  /**
   * The JVM options of every command but a node's: the client compiler only (C1) and the serial
   * collector. A command (network init, verify, tx submit, the demo's whole story) ends before C2's
   * code pays back its compiler threads, and on CI's two cores that CPU is taken from everything else:
   * measured, `network init` of four organisations took 2.6-2.7 s of user CPU with the default JIT and
   * 1.3 s with these, `demo --duration 1` 27.8 s and 13.9 s. What a command does is the same. A node
   * (`node start`) keeps the default JIT unless the test passes these options itself: a fault test's
   * node (ChaosIT, ConsortiumFaultIT) serves under load for minutes, as in production; one ChaosIT run
   * with C1-only nodes (load average ~15) saw the three healthy nodes fall silent after the skew step
   * and no block for 120 s, not understood yet. NodeProcessCrashIT, DeployGuideIT and CommandLineIT
   * pass them for their nodes, whose start is most of what those nodes do.
   */
  public static final List<String> CLIENT_COMPILER_ONLY = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** With {@code jvmOptions} (e.g. a -D system property) before the main class. */
  public static ProcessBuilder medledger(Path log, List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    if (!startsANode(args)) {
      cmd.addAll(CLIENT_COMPILER_ONLY);
    }
    cmd.addAll(jvmOptions);
    cmd.add("org.medledger.cli.Main");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (log != null) {
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    return pb;
  }

  /** {@code node start}: a node process, started with the default JIT unless given {@link #CLIENT_COMPILER_ONLY}. */
  static boolean startsANode(String... args) {
    return args.length > 1 && args[0].equals("node") && args[1].equals("start");
  }

  /**
   * The first of {@code count} consecutive free ports below Linux's ephemeral range (32768 and up), for
   * a command that binds a block of ports and is started again on the same ones: a port the kernel
   * never hands to an outgoing connection cannot be taken between the two runs.
   */
  public static int freePortBlock(int count) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20_000 + random.nextInt(12_000 - count);
      if (allFree(base, count)) {
        return base;
      }
    }
    throw new IOException("no block of " + count + " free ports between 20000 and 32000");
  }

  private static boolean allFree(int base, int count) {
    for (int p = base; p < base + count; p++) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress("127.0.0.1", p));
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  /** A free port below the ephemeral range (see {@link org.medledger.node.BftTestNetwork#freePort()}). */
  public static int freePort() throws IOException {
    return org.medledger.node.BftTestNetwork.freePort();
  }
}
