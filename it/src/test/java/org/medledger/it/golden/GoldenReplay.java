package org.medledger.it.golden;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.BlockTooHeavyException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;

/**
 * Re-executes a recorded chain from its genesis with the contracts a release runs and reports
 * the first difference: per block, each transaction's outcome (success, code, message, as the log
 * leaf commits to them) and weight, then the state root, log root, block hash and the block's
 * bytes. The chain must replay to the same bytes; anything else is a consensus change.
 */
public final class GoldenReplay {
  private GoldenReplay() {}

  public static Optional<GoldenDifference> firstDifference(GoldenChain chain,
      Function<Membership, ContractRegistry> contracts) {
    ReplayLedger ledger = new ReplayLedger(chain.genesisJson(), contracts);
    if (!ledger.genesis().hash().equals(chain.genesisHash())) {
      return Optional.of(new GoldenDifference(-1, -1, "genesis hash", chain.genesisHash().hex(),
          ledger.genesis().hash().hex()));
    }
    if (!ledger.genesisBlockHash().equals(chain.genesisBlockHash())) {
      return Optional.of(new GoldenDifference(0, -1, "block 0 hash", chain.genesisBlockHash().hex(),
          ledger.genesisBlockHash().hex()));
    }
    for (GoldenBlock golden : chain.blocks()) {
      Optional<GoldenDifference> d = replayOne(ledger, golden);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  private static Optional<GoldenDifference> replayOne(ReplayLedger ledger, GoldenBlock golden) {
    long height = golden.height();
    Block recorded = Block.decode(golden.bytes(), Integer.MAX_VALUE);
    BlockHeader header = recorded.header();
    if (header.height() != height || height != ledger.height() + 1) {
      return Optional.of(new GoldenDifference(height, -1, "height (recorded line, recorded header, next of the replay)",
          Long.toString(height), header.height() + ", " + (ledger.height() + 1)));
    }
    if (recorded.transactions().size() != golden.txs().size()) {
      return Optional.of(new GoldenDifference(height, -1, "number of transaction lines",
          Integer.toString(recorded.transactions().size()), Integer.toString(golden.txs().size())));
    }
    ReplayLedger.Executed executed;
    try {
      executed = ledger.execute(recorded.transactions(), header.timestamp(), header.proposer());
    } catch (BlockTooHeavyException e) {
      return Optional.of(new GoldenDifference(height, -1, "execution", "executed", "refused: " + e.getMessage()));
    }
    List<TxOutcome> outcomes = executed.proposal().execution().outcomes();
    for (int i = 0; i < golden.txs().size(); i++) {
      GoldenTx want = golden.txs().get(i);
      TxOutcome got = outcomes.get(i);
      GoldenTx replayed = new GoldenTx(want.label(), executed.weights().get(i), got.success(), got.code(), got.message());
      if (want.success() != replayed.success() || !want.code().equals(replayed.code())
          || !want.message().equals(replayed.message())) {
        return Optional.of(new GoldenDifference(height, i, "outcome", want.describe(), replayed.describe()));
      }
      if (want.weight() != replayed.weight()) {
        return Optional.of(new GoldenDifference(height, i, "weight", want.describe(), replayed.describe()));
      }
    }
    BlockHeader replayedHeader = executed.proposal().block().header();
    if (!replayedHeader.stateRoot().equals(golden.stateRoot())) {
      return Optional.of(new GoldenDifference(height, -1, "state root", golden.stateRoot().hex(),
          replayedHeader.stateRoot().hex()));
    }
    if (!replayedHeader.logRoot().equals(golden.logRoot())) {
      return Optional.of(new GoldenDifference(height, -1, "log root", golden.logRoot().hex(), replayedHeader.logRoot().hex()));
    }
    if (!executed.proposal().blockHash().equals(golden.blockHash())) {
      return Optional.of(new GoldenDifference(height, -1, "block hash", golden.blockHash().hex() + " of " + header,
          executed.proposal().blockHash().hex() + " of " + replayedHeader));
    }
    byte[] replayedBytes = executed.proposal().block().withCertificate(recorded.certificate()).encode();
    if (!Arrays.equals(replayedBytes, golden.bytes())) {
      Base64.Encoder b64 = Base64.getEncoder();
      return Optional.of(new GoldenDifference(height, -1, "block bytes", b64.encodeToString(golden.bytes()),
          b64.encodeToString(replayedBytes)));
    }
    ledger.commit(executed, recorded.certificate());
    return Optional.empty();
  }
}
