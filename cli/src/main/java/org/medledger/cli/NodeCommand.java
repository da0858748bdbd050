package org.medledger.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeSecrets;
import org.medledger.node.application.Applications;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.ordering.UpgradeRequiredException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "node", description = "Run a node.", subcommands = {NodeCommand.Start.class, NodeCommand.Secrets.class, NodeRequestCommand.class})
final class NodeCommand {
  /** Where an operator may hand the node the wallet's passphrase without a file. */
  static final String PASSPHRASE_ENV = "MEDLEDGER_WALLET_PASSPHRASE";

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a node and serve until stopped."
      + " Exits " + UpgradeRequiredException.EXIT_CODE + " (before executing the height, or without starting) when a"
      + " passed upgrade, or the genesis's protocolVersion, requires a protocol version this release does not run"
      + " (docs/governance.md, Upgrades).")
  static final class Start implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "node.json written by `network init`")
    Path config;

    @Option(names = "--wallet-passphrase-file", description = "a file whose first line is the passphrase the custodial"
        + " wallet's sealing key is derived from (scrypt; instead of secrets/wallet.key); or set " + PASSPHRASE_ENV)
    Path passphraseFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      char[] passphrase = null;
      if (passphraseFile != null) {
        List<String> lines = Files.readAllLines(passphraseFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
          throw new IllegalArgumentException("--wallet-passphrase-file " + passphraseFile + " is empty: its first line is the passphrase");
        }
        passphrase = lines.get(0).toCharArray();
      } else if (System.getenv(PASSPHRASE_ENV) != null) {
        passphrase = System.getenv(PASSPHRASE_ENV).toCharArray();
      }
      MedLedgerNode node;
      try {
        node = MedLedgerNode.start(NodeFolderCheck.read(config), clock(), passphrase);
      } catch (UpgradeRequiredException e) {
        spec.commandLine().getErr().println("medledger: " + e.getMessage());
        spec.commandLine().getErr().flush();
        return UpgradeRequiredException.EXIT_CODE;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      AtomicReference<UpgradeRequiredException> upgrade = new AtomicReference<>();
      AtomicBoolean closed = new AtomicBoolean();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (closed.compareAndSet(false, true)) {
          node.close();
        }
        stopped.countDown();
      }));
      node.onStoppedForUpgrade(e -> {
        upgrade.set(e);
        stopped.countDown();
      });
      System.out.println("node " + node.config().nodeName() + " serving " + node.config().apiTransport().scheme() + "://" + node.config().apiHost() + ":" + node.apiPort() + "/v1 at height " + node.ledger().height());
      stopped.await();
      if (upgrade.get() != null) {
        // Block H - 1 is durable; the node log has the same line. A service manager must not restart this release.
        spec.commandLine().getErr().println("medledger: " + upgrade.get().getMessage());
        spec.commandLine().getErr().flush();
        if (closed.compareAndSet(false, true)) {
          node.close();
        }
        return UpgradeRequiredException.EXIT_CODE;
      }
      return 0;
    }
  }

  /**
   * Fault tests only: the system property {@value #CLOCK_SKEW_PROPERTY} (milliseconds, may be
   * negative) sets this node's clock that far off the system's, through the clock the node is
   * given (block times, timeliness, tokens, certificate validity), as a drifting host clock would.
   */
  static final String CLOCK_SKEW_PROPERTY = "medledger.clock.skewMillis";

  static Clock clock() {
    String skew = System.getProperty(CLOCK_SKEW_PROPERTY);
    if (skew == null || skew.isBlank()) {
      return Clock.systemUTC();
    }
    long millis;
    try {
      millis = Long.parseLong(skew.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + CLOCK_SKEW_PROPERTY + "=" + skew + " is not a whole number of milliseconds");
    }
    System.err.println("warning: this node's clock is skewed " + millis + " ms from the system clock (-D" + CLOCK_SKEW_PROPERTY + ")");
    return Clock.offset(Clock.systemUTC(), java.time.Duration.ofMillis(millis));
  }

  @Command(name = "secrets", mixinStandardHelpOptions = true,
      description = "Make whichever of a node's secrets are missing (never replacing one), or rotate its API token key."
          + " The node itself never makes one: it refuses to start, naming the missing file.")
  static final class Secrets implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the node's node.json")
    Path config;

    @Option(names = "--no-wallet-key", description = "make no wallet.key: the wallet is sealed under a passphrase"
        + " (node start --wallet-passphrase-file)")
    boolean noWalletKey;

    @Option(names = "--rotate-token-key", description = "with the node stopped, replace api-token.key: every API token"
        + " and download link stops working; the custodial wallet is untouched")
    boolean rotateTokenKey;

    @Override
    public Integer call() throws Exception {
      Path data = NodeConfig.read(config).dataDir();
      if (rotateTokenKey) {
        System.out.println("replaced " + NodeSecrets.rotateTokenKey(data) + ": every API token and download link made before"
            + " no longer verifies");
      }
      List<Path> made = NodeSecrets.createMissing(data, !noWalletKey, Applications.onClassPath().all());
      for (Path f : made) {
        System.out.println("made " + f + (f.getFileName().toString().equals(NodeSecrets.WALLET)
            ? " (the custodial wallet's sealing key: back it up, without it no custodial patient's key opens)" : ""));
      }
      if (made.isEmpty() && !rotateTokenKey) {
        System.out.println("every secret of the node is in " + data.resolve("secrets") + "; nothing made");
      }
      return 0;
    }
  }
}
