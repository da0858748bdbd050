package org.medledger.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.config.NodeConfig;

/**
 * The release as a host gets it: medledger-VERSION.tar.gz unpacked with tar, its bin/medledger run
 * through a symlink from an unrelated folder with only Java, making a network and running a node
 * that serves over HTTPS.
 */
class DistributionIT {
  @TempDir Path dir;

  @Test
  void theTarballHoldsTheLauncherTheJarsAndTheConfigExamples() throws Exception {
    Path home = Release.unpack(dir.resolve("opt"));
    assertThat(Files.getPosixFilePermissions(home.resolve("bin/medledger"))).contains(PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OTHERS_EXECUTE);
    try (var jars = Files.list(home.resolve("lib"))) {
      List<String> names = jars.map(p -> p.getFileName().toString()).toList();
      assertThat(names).allMatch(n -> n.endsWith(".jar"), "only jars in lib/")
          .anyMatch(n -> n.startsWith("medledger-cli-")).anyMatch(n -> n.startsWith("medledger-node-"))
          .anyMatch(n -> n.startsWith("medledger-app-notary-")).anyMatch(n -> n.startsWith("rocksdbjni-"))
          .noneMatch(n -> n.contains("junit") || n.contains("assertj") || n.contains("selenium") || n.endsWith("-tests.jar"));
    }
    assertThat(home.resolve("etc/medledger.service")).hasSameTextualContentAs(Path.of("..", "ops", "systemd", "medledger.service"));
    assertThat(Files.readString(home.resolve("etc/medledger.env"))).contains("MEDLEDGER_JAVA_OPTS=");
    // The example is what the node reads: it must parse as a node config, its paths relative to itself.
    NodeConfig example = NodeConfig.read(home.resolve("etc/node.json.example"));
    assertThat(example.peers()).hasSize(3);
    assertThat(example.genesis()).isEqualTo(home.resolve("etc/genesis.json"));
  }

  @Test
  void itsLauncherRunsFromAnyFolderAndStartsANodeThatServes() throws Exception {
    Path home = Release.unpack(dir.resolve("opt"));
    // As the guide installs it: a symlink on PATH's /usr/local/bin, run from the operator's folder.
    Path usrLocalBin = Files.createDirectories(dir.resolve("usr-local-bin"));
    Path medledger = Files.createSymbolicLink(usrLocalBin.resolve("medledger"), home.resolve("bin/medledger"));
    Path work = Files.createDirectories(dir.resolve("operator"));
    Path log = dir.resolve("commands.log");

    assertThat(run(work, log, medledger.toString(), "--version")).contains("medledger 0.1.0");

    int api = freePort();
    run(work, log, medledger.toString(), "network", "init", "--orgs", "hospital-a,regulator", "--validators", "hospital-a",
        "--out", "net", "--api-port", Integer.toString(api), "--p2p-port", Integer.toString(freePort()));
    Path nodeLog = dir.resolve("node.log");
    Process node = Release.onlyJava(work, nodeLog, medledger.toString(), "node", "start", "--config", "net/hospital-a/node/node.json").start();
    try {
      long deadline = System.currentTimeMillis() + 60_000;
      while (!Files.exists(nodeLog) || !Files.readString(nodeLog).contains(" serving https://")) {
        assertThat(node.isAlive()).as("node from the release:\n" + (Files.exists(nodeLog) ? Files.readString(nodeLog) : "")).isTrue();
        assertThat(System.currentTimeMillis()).as("node serving:\n" + Files.readString(nodeLog)).isLessThan(deadline);
        Thread.sleep(200);
      }
      String url = "https://127.0.0.1:" + api;
      run(work, log, medledger.toString(), "login", "--api", url, "--genesis", "net/genesis.json", "--identity", "net/hospital-a/users/admin");
      String health = run(work, log, medledger.toString(), "api", "get", "/v1/health", "--api", url, "--genesis", "net/genesis.json",
          "--token-file", "net/hospital-a/users/admin/token");
      assertThat(health).contains("\"height\"").contains("\"chainId\"");
    } finally {
      node.destroy();
      assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("the node stops on SIGTERM").isTrue();
    }
    // SIGTERM is a clean stop: the JVM's exit status for it (the unit's SuccessExitStatus=143).
    assertThat(node.exitValue()).as(Files.readString(nodeLog)).isIn(0, 143);
  }

  /** Runs the command to its end with only Java and answers what it printed; it must exit 0. */
  private static String run(Path work, Path log, String... command) throws Exception {
    Path out = Files.createTempFile(log.getParent(), "command", ".out");
    Process p = Release.onlyJava(work, out, command).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
    String printed = Files.readString(out);
    Files.writeString(log, "$ " + String.join(" ", command) + "\n" + printed, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + printed).isZero();
    return printed;
  }

  /** A free port below Linux's ephemeral range, which no outgoing connection of a test beside this one can take first. */
  private static int freePort() throws Exception {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 500; attempt++) {
      int p = 20_000 + random.nextInt(12_000);
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(p));
        return p;
      } catch (java.io.IOException taken) {
        // try another
      }
    }
    throw new java.io.IOException("no free port between 20000 and 32000");
  }
}
