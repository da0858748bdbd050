package org.medledger.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy.md as written, in real processes: its {@code medledger} commands in order, each
 * organisation's node in a Linux network namespace of its own holding the guide's address for
 * its host (10.0.0.1-4, joined by a bridge, {@link Netns}), on the guide's own ports, with its node
 * folder copied alone to a "host" folder of its own before it starts, as the guide says; the other
 * commands (network init, login, users, transactions) run outside, as on an operator's machine
 * reaching the hosts over the network. Every command must exit 0. Skipped where namespaces cannot
 * be made (not root, no iproute2), as ChaosIT is.
 */
class DeployGuideIT {
  private static final List<String> ORGS = List.of("hospital-a", "hospital-b", "insurer", "regulator");

  @TempDir
  Path dir;

  @Test
  void theGuidesCommandsDeployFourOrganisationsOnFourNetworkNamespacesAndRunItsOperatorPath() throws Exception {
    Assumptions.assumeTrue(Netns.available(), "needs root and iproute2: the guide's four hosts are network namespaces");
    List<String> guide = guideCommands();
    assertThat(guide).anyMatch(c -> c.startsWith("medledger network init"));
    Path log = dir.resolve("guide.log");
    List<Process> nodes = new ArrayList<>();
    try (Netns hosts = new Netns("mldg", "10.0.0", ORGS.size())) {
      for (int i = 0; i < ORGS.size(); i++) {
        assertThat(hosts.ip(i)).as("the guide's host of " + ORGS.get(i)).isEqualTo("10.0.0." + (i + 1));
      }
      String requested = null;
      for (String command : guide) {
        String local = command.replace(" net/", " " + dir.resolve("net") + "/");
        if (local.startsWith("medledger network init")) {
          run(log, local.replace("--out net", "--out " + dir.resolve("net")));
          for (String org : ORGS) {
            copy(dir.resolve("net").resolve(org).resolve("node"), dir.resolve("hosts").resolve(org).resolve("node"));
          }
        } else if (local.startsWith("medledger node request")) {
          // On the organisation's node host: its keys are made in its node folder and stay there.
          requested = local.replaceFirst(".*--org (\\S+).*", "$1");
          run(log, local.replace("/var/lib/medledger/node", nodeFolder(requested).toString()));
        } else if (local.startsWith("medledger ca sign")) {
          // The request carried to the CA machine; the certificates carried back into the node folder.
          Files.copy(nodeFolder(requested).resolve("request.json"), dir.resolve("request.json"));
          run(log, local);
          Path signed = dir.resolve(local.replaceFirst(".*--out (\\S+).*", "$1"));
          Files.copy(signed.resolve("cert.pem"), nodeFolder(requested).resolve("cert.pem"));
          Files.copy(signed.resolve("api/cert.pem"), nodeFolder(requested).resolve("api/cert.pem"));
        } else if (local.startsWith("medledger node start")) {
          for (int i = 0; i < ORGS.size(); i++) {
            String org = ORGS.get(i);
            String start = local.replace("/var/lib/medledger/node", dir.resolve("hosts").resolve(org).resolve("node").toString());
            ProcessBuilder node = Processes.medledger(dir.resolve(org + ".log"), Processes.CLIENT_COMPILER_ONLY, args(start));
            node.command().addAll(0, List.of("ip", "netns", "exec", hosts.ns(i)));
            nodes.add(node.start());
          }
          for (String org : ORGS) {
            awaitServing(dir.resolve(org + ".log"), nodes);
          }
        } else {
          run(log, local);
        }
      }
      // The insurer kept its CA: network init wrote no key of it, and its node started on the keys made on its host.
      assertThat(requested).isEqualTo("insurer");
      try (Stream<Path> written = Files.walk(dir.resolve("net").resolve("insurer"))) {
        assertThat(written.map(f -> f.getFileName().toString())).doesNotContain("key.pem", "encryption-key.pem");
      }
      String out = Files.readString(log);
      assertThat(out).contains("registered clinician dr-li of hospital-a").contains("renewed clinician dr-li")
          .contains("revoked certificate").contains("\"success\" : true");
      // Each node reached its peers at their hosts' addresses, across the bridge, not over loopback.
      for (int i = 0; i < ORGS.size(); i++) {
        String nodeLog = Files.readString(dir.resolve(ORGS.get(i) + ".log"));
        assertThat(nodeLog).as(ORGS.get(i)).contains("serving https://10.0.0." + (i + 1) + ":" + (8080 + i));
        for (int peer = 0; peer < ORGS.size(); peer++) {
          if (peer != i) {
            assertThat(nodeLog).as(ORGS.get(i) + " linked to " + ORGS.get(peer))
                .contains("linked to peer " + ORGS.get(peer) + "-node@10.0.0." + (peer + 1) + ":" + (7400 + peer));
          }
        }
      }
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

  private Path nodeFolder(String org) {
    return dir.resolve("hosts").resolve(org).resolve("node");
  }

  /** Runs a command from the test's folder, so the guide's relative paths (insurer-ca, request.json) are there. */
  private void run(Path log, String command) throws Exception {
    Files.writeString(log, "$ " + command + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    Process p = Processes.medledger(log, args(command)).directory(dir.toFile()).start();
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

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          // Into a node folder that may hold the keys `node request` made (init's copies of its certificates are the same).
          Files.copy(f, target, java.nio.file.LinkOption.NOFOLLOW_LINKS, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
