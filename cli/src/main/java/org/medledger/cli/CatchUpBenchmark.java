package org.medledger.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.medledger.client.ClientIdentity;
import org.medledger.client.TransactionBuilder;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.core.membership.LedgerCallerResolver;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.state.SparseMerkleStateCommitment;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.x509.Role;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.application.BenchmarkFolder;
import org.medledger.node.application.ConsortiumWriter;
import org.medledger.node.NodeKeys;
import org.medledger.node.config.NodeConfig;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.ProposedBlock;
import org.medledger.storage.RocksLedgerStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long a node that is far behind takes to catch up. Writes a chain of certified blocks
 * (each with a client transaction and a commit certificate sealed by a quorum of the genesis
 * validators) straight into one validator's store, starts that validator and a fresh one, and
 * times the fresh node's block sync over mutual TLS to the tip: every block's certificate, link
 * and re-execution checked, each committed in its own synced write.
 */
@Command(name = "catch-up", mixinStandardHelpOptions = true, description = "Measure how fast a node far behind catches up.")
final class CatchUpBenchmark implements Callable<Integer> {
  @Option(names = "--blocks", defaultValue = "100000", description = "blocks the new node is behind (default ${DEFAULT-VALUE})")
  int blocks;

  @Option(names = "--suite", defaultValue = "intl", description = "intl or gm (default ${DEFAULT-VALUE})")
  String suite;

  @Override
  public Integer call() throws Exception {
    try (BenchmarkFolder dir = BenchmarkFolder.temporary("medledger-catch-up")) {
      List<String> orgs = List.of("hospital-a", "hospital-b", "insurer", "regulator");
      Path net = dir.resolve("network");
      new NetworkInitializer(suite, "medledger-catch-up", orgs, orgs,
          List.of(new NetworkInitializer.User("hospital-a", "writer", Role.CLINICIAN)), 0, ConsortiumWriter.firstP2pPort(40000),
          List.of(), Clock.systemUTC()).write(net);
      Genesis genesis = GenesisJson.read(Files.readString(net.resolve("genesis.json")));
      CryptoSuite cs = genesis.cryptoSuite();
      NodeConfig source = NodeConfig.read(net.resolve("hospital-a/node/node.json")).withApiPort(0).withPlainLoopbackApi();
      NodeConfig fresh = NodeConfig.read(net.resolve("regulator/node/node.json")).withApiPort(0).withPlainLoopbackApi();

      long t0 = System.nanoTime();
      writeChain(net, genesis, source, orgs, cs);
      System.out.printf("wrote %d certified blocks in %.1f s%n", blocks, (System.nanoTime() - t0) / 1e9);

      try (MedLedgerNode tip = MedLedgerNode.start(source); MedLedgerNode behind = MedLedgerNode.start(fresh)) {
        long start = System.nanoTime();
        long lastReport = start;
        while (behind.ledger().height() < blocks) {
          Thread.sleep(100);
          if (System.nanoTime() - lastReport > 10_000_000_000L) {
            lastReport = System.nanoTime();
            System.out.printf("  … %d of %d blocks after %.0f s%n", behind.ledger().height(), blocks, (lastReport - start) / 1e9);
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("CATCH-UP %d blocks in %.1f s (%.0f blocks/s), tip hash matches: %s%n", blocks, seconds,
            blocks / seconds, behind.ledger().headHash().equals(tip.ledger().headHash()));
        return behind.ledger().headHash().equals(tip.ledger().headHash()) ? 0 : 1;
      }
    }
  }

  private void writeChain(Path net, Genesis genesis, NodeConfig source, List<String> orgs, CryptoSuite cs) throws Exception {
    Membership membership = new Membership(genesis);
    BlockExecutor executor = new BlockExecutor(MedLedgerNode.contracts(membership), cs.hash(),
        new LedgerCallerResolver(membership),
        state -> org.medledger.core.governance.Consortium.parameters(genesis, state));
    List<NodeKeys> quorum = new ArrayList<>();
    for (String org : orgs.subList(0, genesis.quorum())) {
      Path node = net.resolve(org).resolve("node");
      quorum.add(NodeKeys.load(cs, node.resolve("cert.pem"), node.resolve("key.pem")));
    }
    ClientIdentity writer = ClientIdentity.load(cs, net.resolve("hospital-a/users/writer"));
    TransactionBuilder builder = new TransactionBuilder(writer, genesis.chainId(), Clock.systemUTC());
    Files.createDirectories(source.dataDir());
    try (Ledger ledger = Ledger.open(RocksLedgerStore.open(source.dataDir().resolve("ledger")), genesis, executor,
        new SparseMerkleStateCommitment(cs.hash()), new CommitCertificateVerifier(genesis)::problemAt)) {
      long time = genesis.timestamp();
      for (int h = 1; h <= blocks; h++) {
        Transaction tx = h == 1 ? builder.registerSelf()
            : builder.anchor(Demo.fingerprint(cs, "catch-up document " + h), "lab-report");
        ProposedBlock p = ledger.propose(List.of(tx), ++time, quorum.get(h % quorum.size()).certificateId());
        byte[] message = CommitCertificate.commitMessage(genesis.signingChainId(), h, 0, p.blockHash());
        List<CommitSeal> seals = new ArrayList<>();
        for (NodeKeys k : quorum) {
          seals.add(new CommitSeal(k.certificateId(), k.signer().sign(message)));
        }
        ledger.commit(p, new CommitCertificate(0, seals));
      }
    }
  }
}
