package org.medledger.node.ordering;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.ProposedBlock;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.mempool.PendingTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ordering for a network with one validator (f = 0, quorum 1): cut a block when enough
 * transactions are pending or the oldest has waited the block interval, execute, seal, commit.
 * Never cuts an empty block. The BFT engine replaces this when the set in force names more
 * validators; a chain that votes a second validator in stops here, cleanly and saying why, before
 * the change's height, since one seal certifies no block from it.
 */
public final class SoloOrdering implements Ordering {
  private static final Logger LOG = LoggerFactory.getLogger(SoloOrdering.class);

  private final Ledger ledger;
  private final Mempool mempool;
  private final Signer signer;
  private final Hash validatorId;
  private final Clock clock;
  private final int maxBlockTransactions;
  private final String signingChainId;
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private Thread thread;
  private final UpgradeGate upgradeGate;
  private volatile UpgradeRequiredException upgradeRequired;
  private volatile java.util.function.Consumer<UpgradeRequiredException> stoppedForUpgrade = e -> { };
  /** The validators' ids in force at a height, as the ledger records them (LedgerValidatorSchedule#idsAt). */
  private final java.util.function.LongFunction<List<Hash>> validatorsAt;
  private volatile String outgrown;
  /** The commit failure that stopped block production (a full disk names its file here), for health. */
  private volatile String failed;

  public SoloOrdering(Ledger ledger, Mempool mempool, Signer signer, Hash validatorId, Clock clock, UpgradeGate upgradeGate,
      java.util.function.LongFunction<List<Hash>> validatorsAt) {
    this.validatorsAt = validatorsAt;
    this.ledger = ledger;
    this.upgradeGate = upgradeGate;
    this.mempool = mempool;
    this.signer = signer;
    this.validatorId = validatorId;
    this.clock = clock;
    this.maxBlockTransactions = ledger.genesis().parameters().maxBlockTransactions();
    this.signingChainId = ledger.genesis().signingChainId();
    List<Hash> inForce = validatorsAt.apply(ledger.height() + 1);
    if (inForce.size() != 1) {
      throw new IllegalArgumentException("solo ordering needs exactly one validator, the ledger's set for height "
          + (ledger.height() + 1) + " names " + inForce.size());
    }
  }

  @Override
  public void addListener(CommitListener l) {
    listeners.add(l);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "medledger-ordering");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (running) {
      if (stopsForUpgrade() || outgrown()) {
        return;
      }
      try {
        // As the ledger now has them: governance may change the interval or lower the block size.
        org.medledger.core.genesis.ChainParameters inForce = ledger.parameters();
        List<PendingTransaction> batch = mempool.awaitBatch(Math.min(maxBlockTransactions, inForce.maxBlockTransactions()),
            TimeUnit.MILLISECONDS.toNanos(inForce.blockIntervalMillis()), TimeUnit.MILLISECONDS.toNanos(250));
        if (!batch.isEmpty()) {
          produce(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A failed commit leaves the head where it was; stop rather than build on an unknown state.
        LOG.error("block production stopped: {}", e.toString(), e);
        failed = "block production stopped: " + e.getMessage();
        running = false;
        return;
      }
    }
  }

  private void produce(List<PendingTransaction> batch) {
    List<Transaction> txs = new ArrayList<>(batch.size());
    for (PendingTransaction p : batch) {
      txs.add(p.transaction());
    }
    while (!txs.isEmpty() && !stopsForUpgrade() && !outgrown()) {
      ProposedBlock p = ledger.build(txs, clock.millis(), validatorId, org.medledger.core.runtime.WorkLimits.MAX_BLOCK_WORK);
      commit(p);
      txs = txs.subList(p.block().transactions().size(), txs.size());
    }
  }

  private void commit(ProposedBlock p) {
    byte[] message = CommitCertificate.commitMessage(
        signingChainId, p.block().header().height(), 0, p.blockHash());
    CommitCertificate cert = new CommitCertificate(0, List.of(new CommitSeal(validatorId, signer.sign(message))));
    ledger.commit(p, cert);
    for (CommitListener l : listeners) {
      try {
        l.committed(p.block().withCertificate(cert), p.execution().outcomes());
      } catch (RuntimeException e) {
        LOG.warn("commit listener failed: {}", e.toString());
      }
    }
  }

  /**
   * Before each block: whether the ledger's set for the next height is no longer this node alone (a
   * validator voted in); production stops for good, the reason kept for health and the log.
   */
  private boolean outgrown() {
    if (outgrown != null) {
      return true;
    }
    long next = ledger.height() + 1;
    List<Hash> inForce = validatorsAt.apply(next);
    if (inForce.size() == 1) {
      return false;
    }
    outgrown = "ordering stopped at height " + next + ": the ledger's validator set from it has " + inForce.size()
        + " validators, and a one-validator node orders alone only while it is the whole set; give node.json the"
        + " other validators as peers and restart it, so the consensus engine runs";
    LOG.error("block production stopped: {}", outgrown);
    running = false;
    return true;
  }

  /** Before each block: a height this release may not execute (a passed upgrade) stops production for good. */
  private boolean stopsForUpgrade() {
    if (upgradeRequired == null) {
      upgradeRequired = upgradeGate.refusalAt(ledger.height() + 1).orElse(null);
      if (upgradeRequired == null) {
        return false;
      }
      LOG.error("block production stopped: {}", upgradeRequired.getMessage());
      running = false;
      try {
        stoppedForUpgrade.accept(upgradeRequired);
      } catch (RuntimeException e) {
        LOG.warn("upgrade stop listener failed: {}", e.toString());
      }
    }
    return true;
  }

  @Override
  public String stoppedBecause() {
    UpgradeRequiredException u = upgradeRequired;
    return u != null ? u.getMessage() : outgrown != null ? outgrown : failed;
  }

  @Override
  public UpgradeRequiredException upgradeRequired() {
    return upgradeRequired;
  }

  @Override
  public void onStoppedForUpgrade(java.util.function.Consumer<UpgradeRequiredException> listener) {
    this.stoppedForUpgrade = listener;
    if (upgradeRequired != null) {
      listener.accept(upgradeRequired);
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    mempool.wakeUp();
    Thread t = thread;
    if (t != null) {
      t.join(5_000);
    }
  }
}
