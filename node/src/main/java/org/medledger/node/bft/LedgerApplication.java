package org.medledger.node.bft;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.runtime.BlockTooHeavyException;
import org.medledger.core.runtime.WorkLimits;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.Rejection;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.ProposedBlock;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.mempool.PendingTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of the ledger: builds blocks from the mempool, decides whether a proposed
 * block is valid (Algorithm 1's valid(v)) by re-executing it on this node's state, and commits
 * decided blocks. Every call comes from the one consensus thread.
 *
 * <p>A transaction's signature is checked once per node: on admission (from a client or gossip)
 * it enters the mempool, so a proposed transaction still in the mempool needs no second check;
 * only ones this node has not seen are verified during validation.
 */
final class LedgerApplication implements ConsensusApplication {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerApplication.class);
  private static final int MAX_CACHED = 8;
  /**
   * This proposer's own cap, below the genesis limit: every validator must receive, check and
   * execute a proposal within the propose timeout, or the round fails and the backlog grows
   * (measured: 10,000-transaction blocks on a saturated machine took three rounds). Blocks come
   * every block interval, so this still allows several thousand transactions a second.
   */
  static final int MAX_PROPOSAL_TRANSACTIONS = Integer.getInteger("medledger.maxProposalTransactions", 2_000);
  /**
   * The work this node puts in one proposal, in contract weight (≈ state writes): five full
   * commissioning transactions, a few seconds for four validators sharing two cores, so a block
   * of bulk commissioning is executed, voted and committed inside the round timeout instead of
   * the whole backlog landing in one block that times out round after round (measured in
   * bench/README: 1,000,000 serials at once never finished before this bound).
   */
  static final long MAX_PROPOSAL_WEIGHT = Long.getLong("medledger.maxProposalWeight", 50_000);
  /**
   * The same bound in metered work (state keys read or written, {@link WorkLimits}): weights are
   * estimates from arguments, so the proposal is cut where execution actually reaches this (five
   * full commissionings read and write about 100,000 keys).
   */
  static final long MAX_PROPOSAL_WORK = Long.getLong("medledger.maxProposalWork", 120_000);
  /** A block heavier than this is refused by every validator of this release (a fixed bound, not a setting). */
  static final long MAX_BLOCK_WEIGHT = 400_000;
  /** How far ahead of this node's clock a block's time may be. */
  static final long MAX_CLOCK_SKEW_MILLIS = 10_000;

  private final Ledger ledger;
  private final Mempool mempool;
  private final Admission admission;
  private final LedgerValidatorSchedule validators;
  /** This node's consensus keys: a block names as proposer the one the height's set holds. */
  private final java.util.function.Supplier<List<org.medledger.consensus.ValidatorKey>> keys;
  private final Clock clock;
  private final HashFunction hash;
  private final int maxBlockTransactions;
  private final int maxBlockBytes;
  private final Committer committer;
  private final ProposalValueId valueIds;
  /** Blocks built or validated at the current height, by hash, so commit does not re-execute. */
  private final Map<Hash, ProposedBlock> executed = new LinkedHashMap<>();
  /** The id of the last few values seen, by identity: the engine asks for ids repeatedly. */
  private final Map<byte[], Hash> ids = new java.util.IdentityHashMap<>();
  /** The block this node last proposed, as encoded: the engine validates it like anyone's. */
  private byte[] ownProposal;

  /** Where decided blocks go once executed. */
  interface Committer {
    void commit(ProposedBlock block, CommitCertificate certificate);
  }

  LedgerApplication(Ledger ledger, Mempool mempool, Admission admission, LedgerValidatorSchedule validators,
      java.util.function.Supplier<List<org.medledger.consensus.ValidatorKey>> keys, Clock clock, Committer committer) {
    this.ledger = ledger;
    this.mempool = mempool;
    this.admission = admission;
    this.validators = validators;
    this.keys = keys;
    this.clock = clock;
    this.hash = ledger.hashFunction();
    this.maxBlockTransactions = ledger.genesis().parameters().maxBlockTransactions();
    this.maxBlockBytes = maxBlockTransactions * ledger.genesis().parameters().maxTransactionBytes() + (1 << 20);
    this.committer = committer;
    this.valueIds = new ProposalValueId(hash, maxBlockBytes);
  }

  /** The id of this node's key in the set in force at {@code height} (the engine proposes only when it holds one). */
  private Hash proposerIdAt(long height) {
    List<Hash> ids = validators.idsAt(height);
    List<org.medledger.consensus.ValidatorKey> held = keys.get();
    for (org.medledger.consensus.ValidatorKey k : held) {
      if (ids.contains(k.id())) {
        return k.id();
      }
    }
    return held.get(0).id();
  }

  @Override
  public byte[] propose(long height, int round) {
    // Governance may lower the genesis's limits (never raise them: decoding bounds stay the genesis's).
    int blockLimit = Math.min(maxBlockTransactions, ledger.parameters().maxBlockTransactions());
    List<PendingTransaction> pending = mempool.peek(Math.min(blockLimit, MAX_PROPOSAL_TRANSACTIONS));
    List<Transaction> txs = new ArrayList<>(pending.size());
    long weight = 0;
    for (PendingTransaction p : pending) {
      long w = ledger.weight(p.transaction());
      if (w > WorkLimits.MAX_TRANSACTION_WORK) {
        continue; // admitted by an older rule: no validator takes it, so it must not hold up the rest
      }
      if (!txs.isEmpty() && weight + w > MAX_PROPOSAL_WEIGHT) {
        break; // the rest waits for the next block, in order
      }
      weight += w;
      txs.add(p.transaction());
    }
    ProposedBlock p = ledger.build(txs, clock.millis(), proposerIdAt(height), MAX_PROPOSAL_WORK);
    remember(p);
    byte[] value = p.block().encode();
    rememberId(value, p.blockHash());
    ownProposal = value;
    return value;
  }

  @Override
  public Hash idOf(byte[] value) {
    Hash id = ids.get(value);
    if (id != null) {
      return id;
    }
    id = valueIds.of(value);
    rememberId(value, id);
    return id;
  }

  private void rememberId(byte[] value, Hash id) {
    if (ids.size() >= MAX_CACHED) {
      ids.clear();
    }
    ids.put(value, id);
  }

  private void remember(ProposedBlock p) {
    if (executed.size() >= MAX_CACHED) {
      executed.remove(executed.keySet().iterator().next());
    }
    executed.put(p.blockHash(), p);
  }

  @Override
  public boolean isValid(long height, byte[] value) {
    Optional<String> problem = problem(height, value);
    problem.ifPresent(p -> LOG.warn("proposed block at height {} is invalid: {}", height, p));
    return problem.isEmpty();
  }

  /** Why a proposed block may not be committed at {@code height}; empty when it may. */
  Optional<String> problem(long height, byte[] value) {
    Block block;
    try {
      block = Block.decode(value, maxBlockBytes);
    } catch (DecodeException | IllegalArgumentException e) {
      return Optional.of("does not decode: " + e.getMessage());
    }
    BlockHeader h = block.header();
    if (height != ledger.height() + 1 || h.height() != height) {
      return Optional.of("is for height " + h.height() + ", this node is deciding " + (ledger.height() + 1));
    }
    if (!h.previousHash().equals(ledger.headHash())) {
      return Optional.of("does not extend this node's head " + ledger.headHash());
    }
    if (Arrays.equals(value, ownProposal)) {
      // Built by this node on this head a moment ago: executing it again would only repeat propose.
      return Optional.empty();
    }
    if (!validators.idsAt(h.height()).contains(h.proposer())) {
      return Optional.of("names proposer " + h.proposer() + ", not a validator at height " + h.height());
    }
    long parentTime = ledger.headSignedHeader().header().timestamp();
    if (h.timestamp() < parentTime) {
      return Optional.of("time " + h.timestamp() + " is before its parent's " + parentTime);
    }
    if (!block.certificate().seals().isEmpty()) {
      return Optional.of("a proposal must not carry a commit certificate");
    }
    // The limits in force on the parent's state (the head's): every validator reads the same.
    org.medledger.core.genesis.ChainParameters inForce = ledger.parameters();
    int blockLimit = Math.min(maxBlockTransactions, inForce.maxBlockTransactions());
    if (block.transactions().size() > blockLimit) {
      return Optional.of("holds " + block.transactions().size() + " transactions, the limit is " + blockLimit);
    }
    long weight = 0;
    for (Transaction tx : block.transactions()) {
      long w = ledger.weight(tx);
      if (w > WorkLimits.MAX_TRANSACTION_WORK) {
        // Alone or not: one transaction may not stall every validator (issue 22, finding 2).
        return Optional.of("holds transaction " + tx.id(hash) + " of weight " + w + ", above the limit of "
            + WorkLimits.MAX_TRANSACTION_WORK + " for one transaction");
      }
      weight += w;
    }
    if (weight > MAX_BLOCK_WEIGHT) {
      return Optional.of("weighs " + weight + " (about as many state writes), the limit is " + MAX_BLOCK_WEIGHT);
    }
    Set<Hash> seen = new HashSet<>();
    List<Transaction> unseen = new ArrayList<>();
    for (Transaction tx : block.transactions()) {
      Hash id = tx.id(hash);
      if (!seen.add(id)) {
        return Optional.of("holds transaction " + id + " twice");
      }
      if (!tx.chainId().equals(ledger.genesis().chainId()) || !tx.suite().equals(ledger.genesis().suite())) {
        return Optional.of("holds transaction " + id + " for another chain or suite");
      }
      if (tx.encoded().length > inForce.maxTransactionBytes()) {
        return Optional.of("holds oversize transaction " + id);
      }
      if (!mempool.contains(id)) {
        unseen.add(tx);
      }
    }
    Optional<String> unseenProblem = checkUnseen(unseen);
    if (unseenProblem.isPresent()) {
      return unseenProblem;
    }
    // Now checked: into the pool, so the same transaction arriving by gossip a moment later is
    // recognised before its signature is verified a second time.
    long now = System.nanoTime();
    for (Transaction tx : unseen) {
      mempool.add(new PendingTransaction(tx, tx.id(hash), now));
    }
    ProposedBlock mine;
    try {
      mine = ledger.propose(block.transactions(), h.timestamp(), h.proposer());
    } catch (BlockTooHeavyException e) {
      return Optional.of(e.getMessage()); // metered: execution stopped at the block limit
    }
    Hash claimed = h.hash(hash);
    if (!mine.blockHash().equals(claimed)) {
      BlockHeader m = mine.block().header();
      String what = !m.stateRoot().equals(h.stateRoot()) ? "state root"
          : !m.txRoot().equals(h.txRoot()) ? "transaction root"
          : !m.logRoot().equals(h.logRoot()) || m.logSize() != h.logSize() ? "log root" : "header";
      return Optional.of("its " + what + " differs from this node's execution of it");
    }
    remember(mine);
    return Optional.empty();
  }

  /**
   * Transactions this node has not admitted (gossip has not brought them yet, or dropped them
   * under load): not committed before, and signed by a member in good standing. Checked on all
   * cores, since the consensus thread waits for the answer.
   */
  private Optional<String> checkUnseen(List<Transaction> unseen) {
    if (unseen.isEmpty()) {
      return Optional.empty();
    }
    java.util.function.Function<Transaction, Optional<String>> check = tx -> {
      Hash id = tx.id(hash);
      if (ledger.transaction(id).isPresent()) {
        return Optional.of("holds transaction " + id + ", already committed");
      }
      return admission.checkSignature(tx).map(r -> "holds transaction " + id + ": " + r.message());
    };
    if (unseen.size() < 32) {
      for (Transaction tx : unseen) {
        Optional<String> p = check.apply(tx);
        if (p.isPresent()) {
          return p;
        }
      }
      return Optional.empty();
    }
    try {
      return VERIFIERS.submit(() -> unseen.parallelStream().map(check).filter(Optional::isPresent).map(Optional::get)
          .findFirst()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("validation interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      return Optional.of("validation failed: " + e.getCause());
    }
  }

  private static final java.util.concurrent.ForkJoinPool VERIFIERS =
      new java.util.concurrent.ForkJoinPool(Runtime.getRuntime().availableProcessors());

  /**
   * A fresh proposal's time may be at most {@link #MAX_CLOCK_SKEW_MILLIS} ahead of this node's
   * clock. Not part of {@link #isValid}: the engine asks it only before prevoting a fresh
   * proposal, so a node whose clock lags still locks on, re-proposes and decides a block the
   * others found timely (issue 21, finding 9).
   */
  @Override
  public boolean isTimely(long height, byte[] value) {
    long time;
    try {
      time = Block.decodeHeader(value).timestamp();
    } catch (DecodeException | IllegalArgumentException e) {
      return false;
    }
    if (time > clock.millis() + MAX_CLOCK_SKEW_MILLIS) {
      LOG.warn("proposed block at height {} is not timely: time {} is more than {} ms ahead of this node's clock", height,
          time, MAX_CLOCK_SKEW_MILLIS);
      return false;
    }
    return true;
  }

  @Override
  public boolean hasWork(long height) {
    return true;
  }

  @Override
  public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {
    ProposedBlock p = executed.get(id);
    if (p == null) {
      Block b = Block.decode(value, maxBlockBytes);
      p = ledger.propose(b.transactions(), b.header().timestamp(), b.header().proposer());
      if (!p.blockHash().equals(id)) {
        throw new IllegalStateException("decided block " + id + " at height " + height + " re-executes to " + p.blockHash());
      }
    }
    executed.clear();
    ids.clear();
    committer.commit(p, certificate);
  }
}
