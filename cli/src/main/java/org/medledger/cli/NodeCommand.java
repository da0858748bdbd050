package org.medledger.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", description = "Run a node.", subcommands = NodeCommand.Start.class)
final class NodeCommand {
  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a node and serve until stopped.")
  static final class Start implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "node.json written by `network init`")
    Path config;

    @Override
    public Integer call() throws Exception {
      MedLedgerNode node = MedLedgerNode.start(NodeConfig.read(config));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        node.close();
        stopped.countDown();
      }));
      System.out.println("node " + node.config().nodeName() + " serving " + node.config().apiTransport().scheme() + "://" + node.config().apiHost() + ":" + node.apiPort() + "/v1 at height " + node.ledger().height());
      stopped.await();
      return 0;
    }
  }
}
