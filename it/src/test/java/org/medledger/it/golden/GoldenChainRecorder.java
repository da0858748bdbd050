package org.medledger.it.golden;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medledger.cli.Main;
import org.medledger.core.block.Block;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.storage.RocksLedgerStore;
import picocli.CommandLine;

/**
 * Records the golden chain of one suite from the code of the current tree (bin/record-golden-chain
 * runs it): plays the demo story on the embedded 4-validator consortium exactly as {@code
 * medledger demo} does, reads the committed blocks back from hospital-a's store, replays them on a
 * fresh ledger (a chain that does not replay to its own hashes is refused: something in execution
 * is not deterministic), then adds the crafted blocks of {@link CraftedBlocks} on top of the
 * story's final state, and writes {@link GoldenChain}'s files.
 *
 * <p>Usage: {@code GoldenChainRecorder <fixture folder> [intl|gm ...]}; each suite goes to its own
 * sub-folder.
 */
public final class GoldenChainRecorder {
  private GoldenChainRecorder() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: GoldenChainRecorder <fixture folder> [intl|gm ...]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    List<String> suites = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of("intl", "gm");
    for (String suite : suites) {
      GoldenChain chain = record(suite);
      chain.write(out.resolve(suite));
      int txs = chain.blocks().stream().mapToInt(b -> b.txs().size()).sum();
      System.out.println("golden chain " + suite + ": " + chain.blocks().size() + " blocks, " + txs
          + " transactions, written to " + out.resolve(suite));
    }
    // The demo's nodes leave non-daemon threads behind them (RocksDB, Netty) that close in time.
    System.exit(0);
  }

  static GoldenChain record(String suite) throws Exception {
    Path data = Files.createTempDirectory("golden-chain-" + suite + "-");
    int apiPort = freePorts(4);
    int p2pPort = freePorts(6); // the governance chapter's fifth validator takes p2p + 4 and + 5
    int exit = new CommandLine(new Main()).execute("demo", "--data", data.toString(), "--suite", suite,
        "--port", Integer.toString(apiPort), "--p2p-port", Integer.toString(p2pPort), "--duration", "3");
    if (exit != 0) {
      // The committed prefix is still today's consensus bytes; keep it rather than no chain.
      System.err.println("WARNING: the " + suite + " demo failed (exit " + exit + "); recording the blocks it committed"
          + " before failing (its data stays in " + data + ")");
    }
    String genesisJson = Files.readString(data.resolve("network/genesis.json"));
    List<byte[]> story = committedBlocks(data.resolve("nodes/hospital-a/ledger"));
    ReplayLedger ledger = new ReplayLedger(genesisJson, GoldenReplayTest::contractsThisReleaseRuns);
    List<GoldenBlock> blocks = new ArrayList<>();
    List<Transaction> storyTxs = new ArrayList<>();
    for (byte[] bytes : story) {
      Block b = Block.decode(bytes, Integer.MAX_VALUE);
      GoldenBlock golden = executeAndCommit(ledger, b.transactions(), b.header().timestamp(), b.header().proposer(),
          b.certificate(), b.transactions().stream().map(tx -> tx.contract() + "." + tx.method()).toList());
      if (!golden.blockHash().equals(b.header().hash(ledger.genesis().cryptoSuite().hash()))
          || !Arrays.equals(golden.bytes(), bytes)) {
        throw new IllegalStateException("story block " + b.header().height() + " of the " + suite
            + " demo does not replay to its own hash: execution is not deterministic; its data is in " + data);
      }
      blocks.add(golden);
      storyTxs.addAll(b.transactions());
    }
    for (CraftedBlocks.Crafted crafted : new CraftedBlocks(data.resolve("network"), ledger, storyTxs).blocks()) {
      blocks.add(executeAndCommit(ledger, crafted.txs(), crafted.timestamp(), crafted.proposer(), CommitCertificate.EMPTY,
          crafted.labels()));
    }
    GoldenChain chain = new GoldenChain(genesisJson, ledger.genesis().hash(), ledger.genesisBlockHash(), blocks);
    if (exit == 0) {
      deleteTree(data);
    }
    return chain;
  }

  static GoldenBlock executeAndCommit(ReplayLedger ledger, List<Transaction> txs, long timestamp,
      org.medledger.crypto.Hash proposer, CommitCertificate certificate, List<String> labels) {
    ReplayLedger.Executed e = ledger.execute(txs, timestamp, proposer);
    List<TxOutcome> outcomes = e.proposal().execution().outcomes();
    List<GoldenTx> golden = new ArrayList<>();
    for (int i = 0; i < txs.size(); i++) {
      TxOutcome o = outcomes.get(i);
      golden.add(new GoldenTx(labels.get(i), e.weights().get(i), o.success(), o.code(), o.message()));
    }
    var header = e.proposal().block().header();
    GoldenBlock block = new GoldenBlock(header.height(), e.proposal().blockHash(), header.stateRoot(), header.logRoot(),
        e.proposal().block().withCertificate(certificate).encode(), golden);
    ledger.commit(e, certificate);
    return block;
  }

  private static List<byte[]> committedBlocks(Path ledgerDir) {
    RocksLedgerStore store = RocksLedgerStore.open(ledgerDir);
    try {
      List<byte[]> blocks = new ArrayList<>();
      for (long h = 1; h <= store.height(); h++) {
        long height = h;
        blocks.add(store.block(h).orElseThrow(() -> new IllegalStateException("block " + height + " missing in " + ledgerDir)));
      }
      return blocks;
    } finally {
      store.close();
    }
  }

  /** The first of {@code count} consecutive free loopback ports, so a recording never meets a running demo. */
  private static int freePorts(int count) throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + random.nextInt(30_000);
      boolean free = true;
      for (int p = base; p < base + count && free; p++) {
        try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no " + count + " consecutive free ports found");
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
