package org.medledger.node.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.medledger.core.block.Block;
import org.medledger.core.block.BlockHeader;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.SystemKeys;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.runtime.WriteSet;
import org.medledger.core.state.StateCommitment;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.crypto.merkle.CompactMerkleTree;
import org.medledger.crypto.merkle.LogNode;
import org.medledger.crypto.merkle.LogNodeReader;
import org.medledger.crypto.merkle.MerkleHasher;
import org.medledger.crypto.merkle.MerkleProofs;
import org.medledger.crypto.smt.StateProof;
import org.medledger.crypto.smt.TreeRoot;
import org.medledger.crypto.smt.TreeUpdate;
import org.medledger.storage.BlockCommit;
import org.medledger.storage.LedgerStore;
import org.medledger.storage.TxLocation;

/**
 * The node's view of the chain: builds and executes blocks on the current head, commits them in
 * one atomic write, and answers reads and proofs. One writer (the ordering service) at a time;
 * any number of readers.
 */
public final class Ledger implements AutoCloseable {
  static final String META_LOG_FRONTIER = "log.frontier";
  static final String META_STATE_ROOT = "state.root";

  private final LedgerStore store;
  private final Genesis genesis;
  private final HashFunction hash;
  private final MerkleHasher merkle;
  private final BlockExecutor executor;
  private final StateCommitment stateCommitment;
  private final LogNodeReader logNodes;
  private final StateReader committedState;
  /**
   * Internal nodes kept decoded in memory: 2^14 (about 30 MB with their inner hashes) hold the
   * tree's upper three nibble levels whole and the busiest of the fourth, all that an update of a
   * tree of a few hundred thousand keys reads above its last level.
   */
  static final int CACHED_TREE_NODES = 1 << 14;
  private final TreeNodeCache treeNodes;
  static final String META_STATE_PRUNED = "state.prunedThrough";
  /** Bounds a block's write batch when pruning catches up (retention lowered, or turned on late). */
  private static final int PRUNE_HEIGHTS_PER_BLOCK = 8;
  private volatile long stateRetention;
  private long prunedThrough = -1;
  private volatile Head head;
  private final ValidatorTransitionProofs validatorTransitions;

  /** What the next block builds on. */
  private record Head(SignedHeader signedHeader, Hash blockHash, CompactMerkleTree log, TreeRoot stateTree) {
    long height() {
      return signedHeader.header().height();
    }
  }

  private Ledger(LedgerStore store, Genesis genesis, BlockExecutor executor, StateCommitment stateCommitment) {
    this.store = store;
    this.genesis = genesis;
    this.hash = genesis.cryptoSuite().hash();
    this.merkle = new MerkleHasher(hash);
    this.executor = executor;
    this.stateCommitment = stateCommitment;
    this.logNodes = (level, index) -> store.logNode(level, index);
    this.committedState = new StoreStateReader(store);
    this.treeNodes = new TreeNodeCache(key -> StateTreeRecords.node(store, key), CACHED_TREE_NODES);
    this.validatorTransitions = new ValidatorTransitionProofs(genesis, store);
  }

  /**
   * Opens a store: an empty one gets block 0 derived from the genesis; an existing one is
   * checked block by block (hash chain, transaction roots, commit certificates, log roots)
   * before anything is served, and refused with the first bad height named.
   */
  public static Ledger open(
      LedgerStore store, Genesis genesis, BlockExecutor executor, StateCommitment stateCommitment,
      CertificateCheck certificates) {
    Ledger ledger = new Ledger(store, genesis, executor, stateCommitment);
    if (store.height() < 0) {
      ledger.commitGenesisBlock();
    } else {
      new ChainVerifier(store, genesis, certificates).verifyAll();
    }
    ledger.loadHead();
    return ledger;
  }

  /**
   * Keeps the full state tree of only the newest {@code blocks} heights (0 keeps all): each commit
   * then deletes the nodes that only older heights need, a few heights at a time, in the block's
   * own atomic write. Headers, blocks and every height's root stay.
   */
  public Ledger retainStateFor(long blocks) {
    if (blocks < 0) {
      throw new IllegalArgumentException("state retention must not be negative");
    }
    this.stateRetention = blocks;
    return this;
  }

  /** The oldest height whose state can still be proven. */
  public long oldestProvableHeight() {
    return stateRetention == 0 ? 0 : Math.max(0, head.height() - stateRetention);
  }
  /**
   * Checks a commit certificate against the validators in force at the block's height, as the
   * committed state ({@code committed}: at least as recent as the block before) records them.
   */
  @FunctionalInterface
  public interface CertificateCheck {
    /** Empty when the certificate is valid for that block, else the reason. */
    Optional<String> problem(StateReader committed, BlockHeader header, Hash blockHash, CommitCertificate certificate);
  }

  /** Block 0 is fully determined by the genesis, so every node derives the same one. */
  public static Block genesisBlock(Genesis genesis, StateCommitment commitment) {
    HashFunction h = genesis.cryptoSuite().hash();
    Hash empty = Hash.of(new MerkleHasher(h).emptyRoot());
    Hash stateRoot = genesisState(commitment).root().hash();
    BlockHeader header = new BlockHeader(
        genesis.chainId(), 0, genesis.hash(), empty, 0, stateRoot, empty, 0, genesis.timestamp(), Hash.ZERO);
    return new Block(header, CommitCertificate.EMPTY, List.of());
  }

  /** Block 0 changes no state: the empty tree. */
  private static TreeUpdate genesisState(StateCommitment commitment) {
    return commitment.next(key -> Optional.empty(), TreeRoot.EMPTY, 0, new WriteSet(EmptyState.INSTANCE));
  }

  private void commitGenesisBlock() {
    Block b = genesisBlock(genesis, stateCommitment);
    Hash blockHash = b.header().hash(hash);
    TreeMap<String, byte[]> meta = new TreeMap<>();
    meta.put(META_LOG_FRONTIER, new CompactMerkleTree(merkle).encode());
    store.commit(new BlockCommit(0, blockHash.toBytes(), b.signedHeader().encode(), b.encode(), List.of(), List.of(), List.of(),
        meta, StateTreeRecords.writes(genesisState(stateCommitment))));
  }

  private void loadHead() {
    long h = store.height();
    SignedHeader sh = SignedHeader.decode(store.header(h).orElseThrow(
        () -> new LedgerCorruptedException(h, "header missing")));
    byte[] frontier = store.meta(META_LOG_FRONTIER).orElseThrow(
        () -> new LedgerCorruptedException(h, "log frontier missing"));
    CompactMerkleTree log = CompactMerkleTree.decode(merkle, frontier);
    if (log.size() != sh.header().logSize()
        || !java.util.Arrays.equals(log.rootHash(), sh.header().logRoot().unsafeBytes())) {
      throw new LedgerCorruptedException(h, "transaction log does not match the header's log root");
    }
    TreeRoot tree = StateTreeRecords.root(store, h).orElseThrow(
        () -> new LedgerCorruptedException(h, "state tree root missing (a data folder from before the state tree?)"));
    if (!tree.hash().equals(sh.header().stateRoot())) {
      throw new LedgerCorruptedException(h, "state tree root does not match the header's state root");
    }
    head = new Head(sh, sh.header().hash(hash), log, tree);
  }

  public Genesis genesis() {
    return genesis;
  }

  public HashFunction hashFunction() {
    return hash;
  }

  public long height() {
    return head.height();
  }

  public SignedHeader headSignedHeader() {
    return head.signedHeader();
  }

  public Hash headHash() {
    return head.blockHash();
  }

  /** How much work a transaction is for this ledger's contracts ({@link org.medledger.core.runtime.Contract#weight}). */
  public long weight(org.medledger.core.tx.Transaction tx) {
    return executor.weight(tx);
  }

  public StateReader state() {
    return committedState;
  }

  /**
   * The chain parameters in force for the next block: the genesis's, as changed by passed
   * governance proposals (docs/governance.md); the genesis's on a chain without governance.
   */
  public org.medledger.core.genesis.ChainParameters parameters() {
    return org.medledger.core.governance.Consortium.parameters(genesis, committedState);
  }

  /**
   * Executes the next block as proposed from {@code txs} (a block to check, or a decided one). The
   * timestamp never goes backwards (a proposer whose clock lags uses its parent's time).
   *
   * @throws org.medledger.core.runtime.BlockTooHeavyException when the block touches more state
   *     than any validator executes
   */
  public ProposedBlock propose(List<Transaction> txs, long timestampMillis, Hash proposer) {
    Head parent = head;
    long ts = Math.max(timestampMillis, parent.signedHeader().header().timestamp());
    return assemble(parent, ts, txs, executor.execute(committedState, parent.height() + 1, ts, txs), proposer);
  }

  /**
   * Builds the next block for this node to propose from the longest prefix of {@code txs} whose
   * metered work stays within {@code workBudget} (at least one transaction): what a transaction
   * touches is known only by running it, so the rest waits for the next block.
   */
  public ProposedBlock build(List<Transaction> txs, long timestampMillis, Hash proposer, long workBudget) {
    Head parent = head;
    long ts = Math.max(timestampMillis, parent.signedHeader().header().timestamp());
    ExecutionResult result = executor.executeWithin(committedState, parent.height() + 1, ts, txs, workBudget);
    return assemble(parent, ts, List.copyOf(txs.subList(0, result.outcomes().size())), result, proposer);
  }

  private ProposedBlock assemble(Head parent, long ts, List<Transaction> txs, ExecutionResult result, Hash proposer) {
    long height = parent.height() + 1;
    CompactMerkleTree log = parent.log().copy();
    List<LogNode> nodes = new ArrayList<>();
    for (TxOutcome outcome : result.outcomes()) {
      nodes.addAll(log.append(merkle.leafHash(outcome.logEntry())));
    }
    Hash txRoot = transactionRoot(merkle, txs);
    TreeUpdate tree = stateCommitment.next(treeNodes, parent.stateTree(), height, result.writes());
    Hash stateRoot = tree.root().hash();
    BlockHeader header = new BlockHeader(genesis.chainId(), height, parent.blockHash(), txRoot, txs.size(),
        stateRoot, Hash.of(log.rootHash()), log.size(), ts, proposer);
    Block block = new Block(header, CommitCertificate.EMPTY, txs);
    return new ProposedBlock(block, header.hash(hash), result, nodes, log, tree);
  }

  /**
   * The block's transaction root: MTH over the full signed encodings, so the header commits to
   * every byte of the block, signatures included (the log's leaves are the ids with their outcomes).
   */
  public static Hash transactionRoot(MerkleHasher merkle, List<Transaction> txs) {
    List<byte[]> leaves = new ArrayList<>(txs.size());
    for (Transaction tx : txs) {
      leaves.add(merkle.leafHash(tx.encoded()));
    }
    return Hash.of(MerkleProofs.rootOf(merkle, leaves));
  }

  /** Commits a proposal with its certificate in one synced atomic write, then moves the head. */
  public synchronized void commit(ProposedBlock p, CommitCertificate certificate) {
    Head parent = head;
    BlockHeader header = p.block().header();
    if (header.height() != parent.height() + 1 || !header.previousHash().equals(parent.blockHash())) {
      throw new IllegalStateException("proposal for height " + header.height()
          + " does not extend the head at height " + parent.height());
    }
    Block block = p.block().withCertificate(certificate);
    List<BlockCommit.TxEntry> txs = new ArrayList<>(block.transactions().size());
    for (int i = 0; i < block.transactions().size(); i++) {
      Transaction tx = block.transactions().get(i);
      txs.add(new BlockCommit.TxEntry(tx.id(hash).toBytes(), i, tx.encoded()));
    }
    List<BlockCommit.StateWrite> writes = new ArrayList<>(p.execution().writes().size());
    p.execution().writes().forEach((k, v) -> writes.add(new BlockCommit.StateWrite(k, v)));
    List<BlockCommit.LogNodeWrite> logWrites = new ArrayList<>(p.logNodes().size());
    for (LogNode n : p.logNodes()) {
      logWrites.add(new BlockCommit.LogNodeWrite(n.level(), n.index(), n.hash()));
    }
    TreeMap<String, byte[]> meta = new TreeMap<>();
    meta.put(META_LOG_FRONTIER, p.logAfter().encode());
    SignedHeader sh = block.signedHeader();
    List<BlockCommit.StateWrite> treeWrites = new ArrayList<>(StateTreeRecords.writes(p.stateTree()));
    long pruned = prune(header.height(), treeWrites);
    validatorTransitions.keep(header.height(), p.execution().writes(), committedState, p.stateTree(), treeNodes,
        stateCommitment, meta);
    if (pruned >= 0) {
      meta.put(META_STATE_PRUNED, StateTreeRecords.longBytes(pruned));
    }
    store.commit(new BlockCommit(header.height(), p.blockHash().toBytes(), sh.encode(), block.encode(),
        txs, writes, logWrites, meta, treeWrites));
    if (pruned >= 0) {
      prunedThrough = pruned;
    }
    treeNodes.committed(p.stateTree());
    head = new Head(sh, p.blockHash(), p.logAfter(), p.stateTree().root());
  }

  /**
   * Adds to {@code writes} the deletion of the nodes that left the tree at the next few heights
   * not yet pruned and at most {@code height − retention}; returns the last such height, or -1
   * when there is nothing to do.
   */
  private long prune(long height, List<BlockCommit.StateWrite> writes) {
    long retention = stateRetention;
    if (retention == 0) {
      return -1;
    }
    if (prunedThrough < 0) {
      prunedThrough = store.meta(META_STATE_PRUNED).map(StateTreeRecords::readLong).orElse(0L);
    }
    long until = Math.min(height - retention, prunedThrough + PRUNE_HEIGHTS_PER_BLOCK);
    if (until <= prunedThrough) {
      return -1;
    }
    for (long h = prunedThrough + 1; h <= until; h++) {
      byte[] staleKey = StateTreeRecords.staleKey(h);
      Optional<byte[]> stale = store.stateTree(staleKey);
      if (stale.isPresent()) {
        List<org.medledger.crypto.smt.NodeKey> keys;
        try {
          keys = StateTreeRecords.decodeStale(stale.get());
        } catch (IllegalArgumentException e) {
          throw new LedgerCorruptedException(h, "the state tree's record of stale nodes: " + e.getMessage());
        }
        for (org.medledger.crypto.smt.NodeKey k : keys) {
          writes.add(new BlockCommit.StateWrite(StateTreeRecords.nodeKey(k), null));
        }
        writes.add(new BlockCommit.StateWrite(staleKey, null));
      }
    }
    return until;
  }

  public Optional<Block> block(long height) {
    if (height < 0 || height > head.height()) {
      return Optional.empty();
    }
    return store.block(height).map(b -> Block.decode(b, Integer.MAX_VALUE));
  }

  /** A committed block's stored encoding (with its commit certificate), as peers sync it. */
  public Optional<byte[]> blockBytes(long height) {
    if (height < 0 || height > head.height()) {
      return Optional.empty();
    }
    return store.block(height);
  }

  public Optional<SignedHeader> signedHeader(long height) {
    return store.header(height).map(SignedHeader::decode);
  }

  public Optional<CommittedTransaction> transaction(Hash id) {
    Optional<TxLocation> loc = store.transaction(id.unsafeBytes());
    if (loc.isEmpty()) {
      return Optional.empty();
    }
    TxLocation l = loc.get();
    Transaction tx = Transaction.decode(store.transactionBytes(id.unsafeBytes()).orElseThrow(
        () -> new LedgerCorruptedException(l.height(), "transaction " + id + " indexed but missing")));
    if (!tx.id(hash).equals(id)) {
      throw new LedgerCorruptedException(l.height(), "stored transaction does not hash to its id " + id);
    }
    long leafIndex = previousLogSize(l.height()) + l.index();
    byte[] record = committedState.get(SystemKeys.nonce(tx.sender(), tx.nonce()));
    if (record == null) {
      throw new LedgerCorruptedException(l.height(), "no record under the nonce of committed transaction " + id);
    }
    TxOutcome outcome = TxOutcome.fromRecord(id, tx.nonce(), record);
    return Optional.of(new CommittedTransaction(tx, l.height(), l.index(), leafIndex, outcome));
  }

  private long previousLogSize(long height) {
    if (height == 0) {
      return 0;
    }
    return signedHeader(height - 1).orElseThrow(
        () -> new LedgerCorruptedException(height - 1, "header missing")).header().logSize();
  }

  /**
   * A state key's value or absence after block {@code height}, proven against that block's state
   * root; empty when there is no such block yet. Throws {@link StatePrunedException} when the
   * height's tree is no longer kept.
   */
  public Optional<StateProof> stateProof(byte[] key, long height) {
    if (height < 0 || height > head.height()) {
      return Optional.empty();
    }
    if (height < oldestProvableHeight()) {
      throw new StatePrunedException(height);
    }
    TreeRoot root = StateTreeRecords.root(store, height).orElseThrow(
        () -> new LedgerCorruptedException(height, "state tree root missing"));
    try {
      return Optional.of(stateCommitment.prove(treeNodes, root, key));
    } catch (org.medledger.crypto.smt.MissingNodeException e) {
      throw new StatePrunedException(height);
    }
  }

  /**
   * The validator-set transitions a receipt for block {@code height} carries, in height order
   * (empty on a chain whose set never changed before it). Throws {@link StatePrunedException}
   * when the state a transition is proven in is no longer kept.
   */
  public List<org.medledger.core.governance.ValidatorTransitionProof> validatorTransitions(long height) {
    return validatorTransitions.upTo(this, height);
  }

  /** Proof against the current head; empty when the transaction is not committed. */
  public Optional<InclusionProof> inclusionProof(Hash txId) {
    Head at = head;
    return transaction(txId).map(ct -> {
      long size = at.signedHeader().header().logSize();
      List<byte[]> path = MerkleProofs.inclusionProof(merkle, ct.leafIndex(), size, logNodes);
      byte[] entry = ct.outcome().logEntry();
      return new InclusionProof(txId.toBytes(), entry, ct.leafIndex(), size, merkle.leafHash(entry), path,
          at.signedHeader().header().logRoot().toBytes(), at.signedHeader());
    });
  }

  /** Throws IllegalArgumentException unless 0 ≤ from ≤ to ≤ current log size. */
  public ConsistencyProof consistencyProof(long from, long to) {
    long size = head.signedHeader().header().logSize();
    if (from < 0 || to < from || to > size) {
      throw new IllegalArgumentException("need 0 <= from <= to <= " + size + " (the log size), got from="
          + from + " to=" + to);
    }
    List<byte[]> path = MerkleProofs.consistencyProof(merkle, from, to, logNodes);
    return new ConsistencyProof(from, to, MerkleProofs.rootAt(merkle, from, logNodes),
        MerkleProofs.rootAt(merkle, to, logNodes), path);
  }

  public long logSize() {
    return head.signedHeader().header().logSize();
  }

  @Override
  public void close() throws Exception {
    store.close();
  }
}
