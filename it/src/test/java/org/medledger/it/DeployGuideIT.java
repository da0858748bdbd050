package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy.md as written, in real processes: its {@code medledger} commands in order, with the
 * guide's four hosts 10.0.0.1-4 as the loopback addresses 127.0.0.1-4 (each node binds its own),
 * free ports instead of 8080/7400, and each organisation's node folder copied alone to a "host"
 * folder of its own before its node starts, as the guide says. Every command must exit 0.
 */
class DeployGuideIT {
  private static final List<String> ORGS = List.of("hospital-a", "hospital-b", "insurer", "regulator");

  @TempDir
  Path dir;

  @Test
  void theGuidesCommandsDeployFourOrganisationsAndRunItsOperatorPath() throws Exception {
    List<String> guide = guideCommands();
    assertThat(guide.get(0)).startsWith("medledger network init");
    int api = consecutiveFreePorts();
    int p2p = consecutiveFreePorts();
    Path log = dir.resolve("guide.log");
    List<Process> nodes = new ArrayList<>();
    try {
      for (String command : guide) {
        String local = command.replace("10.0.0.", "127.0.0.").replace(" net/", " " + dir.resolve("net") + "/");
        for (int i = 0; i < 4; i++) {
          local = local.replace("127.0.0." + (i + 1) + ":" + (8080 + i), "127.0.0." + (i + 1) + ":" + (api + i));
        }
        if (local.startsWith("medledger network init")) {
          local = local.replace("--out net", "--out " + dir.resolve("net")) + " --api-port " + api + " --p2p-port " + p2p;
          run(log, local);
          for (String org : ORGS) {
            copy(dir.resolve("net").resolve(org).resolve("node"), dir.resolve("hosts").resolve(org).resolve("node"));
          }
        } else if (local.startsWith("medledger node start")) {
          for (String org : ORGS) {
            String start = local.replace("/var/lib/medledger/node", dir.resolve("hosts").resolve(org).resolve("node").toString());
            Path nodeLog = dir.resolve(org + ".log");
            nodes.add(Processes.medledger(nodeLog, args(start)).start());
          }
          for (String org : ORGS) {
            awaitServing(dir.resolve(org + ".log"), nodes);
          }
        } else {
          run(log, local);
        }
      }
      String out = Files.readString(log);
      assertThat(out).contains("registered clinician dr-li of hospital-a").contains("renewed clinician dr-li")
          .contains("revoked certificate").contains("\"success\" : true");
    } finally {
      for (Process p : nodes) {
        p.destroy();
      }
      for (Process p : nodes) {
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String[] args(String command) {
    String[] words = command.split("\\s+");
    return java.util.Arrays.copyOfRange(words, 1, words.length);
  }

  private static void run(Path log, String command) throws Exception {
    Files.writeString(log, "$ " + command + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    Process p = Processes.medledger(log, args(command)).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(command).isTrue();
    assertThat(p.exitValue()).as(command + "\n" + Files.readString(log)).isZero();
  }

  private static void awaitServing(Path nodeLog, List<Process> nodes) throws Exception {
    long deadline = System.currentTimeMillis() + 180_000;
    while (!Files.exists(nodeLog) || !Files.readString(nodeLog).contains(" serving https://")) {
      for (Process p : nodes) {
        assertThat(p.isAlive()).as(Files.exists(nodeLog) ? Files.readString(nodeLog) : "no log").isTrue();
      }
      assertThat(System.currentTimeMillis()).as("node serving: " + nodeLog).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** The guide's medledger commands, as DeployGuideCommandsTest reads them. */
  static List<String> guideCommands() throws Exception {
    List<String> commands = new ArrayList<>();
    boolean inShell = false;
    for (String line : Files.readAllLines(Path.of("..", "docs", "deploy.md"))) {
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

  /** A first port of four consecutive ones free on 127.0.0.1-4. */
  private static int consecutiveFreePorts() throws Exception {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(30_000, 50_000);
      if (allFree(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no four consecutive free ports");
  }

  private static boolean allFree(int base) {
    for (int i = 0; i < 4; i++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (i + 1)), base + i));
      } catch (Exception e) {
        return false;
      }
    }
    return true;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target, java.nio.file.LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
