package org.medledger.node.bft;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.medledger.consensus.EngineState;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.medledger.consensus.ConsensusApplication;
import org.medledger.consensus.ConsensusOutbox;
import org.medledger.consensus.Evidence;
import org.medledger.consensus.PersistFailedException;
import org.medledger.consensus.Timeout;
import org.medledger.consensus.TimeoutPolicy;
import org.medledger.consensus.message.ConsensusMessage;
import org.medledger.consensus.message.ConsensusMessageCodec;
import org.medledger.consensus.statemachine.TendermintEngine;
import org.medledger.core.block.Block;
import org.medledger.core.block.CommitCertificate;
import org.medledger.core.block.CommitCertificateVerifier;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;
import org.medledger.consensus.ValidatorKey;
import org.medledger.network.Peer;
import org.medledger.network.TlsTransport;
import org.medledger.network.Topic;
import org.medledger.node.admission.Admission;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ledger.ProposedBlock;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.ordering.Ordering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ordering by the validators of the genesis through Tendermint ({@link TendermintEngine}), over
 * the mutual-TLS transport, with transaction gossip and block sync.
 *
 * <p>One thread owns the engine and the ledger's write side: network messages, timer expiries,
 * "there is work" signals and synced blocks all become events on its queue, so the engine stays
 * the single-threaded state machine the simulator tests. Waiting is bounded by
 * {@code blockIntervalMillis}: a height starts once the mempool holds a full block, its oldest
 * transaction has waited that long, or no block has committed for that long (a quiet chain has
 * nothing to gather), so blocks grow with load and no block is cut while idle.
 */
public final class BftOrdering implements Ordering, ConsensusOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(BftOrdering.class);
  /** Events one peer may have waiting on the consensus thread; its excess is dropped. */
  private static final int MAX_QUEUED_PER_PEER = 20_000;
  private static final long STATUS_EVERY_MILLIS = 1_000;
  private static final long SYNC_REQUEST_TIMEOUT_MILLIS = 5_000;

  private final Ledger ledger;
  private final Mempool mempool;
  private final TlsTransport transport;
  private final CommitCertificateVerifier certificates;
  private final Clock clock;
  /** Null while this node validates at no height the ledger has fixed from its next one on. */
  private volatile TendermintEngine engine;
  private final LedgerApplication app;
  private final TransactionGossip gossip;
  private final ScheduledExecutorService timers;
  private final ConsensusEvents events = new ConsensusEvents(MAX_QUEUED_PER_PEER);
  private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean workSignalQueued = new AtomicBoolean();
  private final int maxBlockTransactions;
  private final long heartbeatMillis;
  private volatile boolean running;
  private volatile long lastCommitMillis;
  private volatile long bestPeerHeight;
  private volatile List<Evidence> evidence = List.of();
  private final EngineStateFile stateFile;
  /** This validator's evidence of equivocation on its way to the chain; null for a follower. */
  private volatile EvidenceSubmitter evidenceSubmitter;
  /** The set in force at each height, from committed state: the engine's, the checks' and the evidence's. */
  private final LedgerValidatorSchedule validators;
  /** This node's consensus keys (more than one while its certificate is rotated). */
  private final java.util.function.Supplier<List<ValidatorKey>> keys;
  private final Admission admission;
  private final TimeoutPolicy timeouts;
  private final java.nio.file.Path stateDir;
  private final CertifiedPrecommits certifiedPrecommits;
  private Thread thread;
  /** Saved votes above the ledger's next height, resumed once block sync reaches them. */
  private EngineState pendingResume;
  /** After an acknowledged loss of the saved state: the highest height this validator may have voted at. */
  private long votesOnlyAbove = -1;
  /** Whether the engine runs (false while a restored ledger catches up to saved votes). */
  private boolean engineStarted;
  private volatile String stoppedBecause;
  private long syncRequestedAt = -1;
  private boolean wakeScheduled;
  /** Whether this release may execute a height (a passed upgrade may need a later protocol version). */
  private final org.medledger.node.ordering.UpgradeGate upgradeGate;
  /** Set once the ledger's next height needs a protocol version this release does not run: nothing more is signed or executed. */
  private volatile org.medledger.node.ordering.UpgradeRequiredException upgradeRequired;
  private volatile java.util.function.Consumer<org.medledger.node.ordering.UpgradeRequiredException> stoppedForUpgrade = e -> { };

  /**
   * @param selfId this node's certificate id: it votes at the heights whose validator set holds
   *     it, and follows the chain at the others
   * @param heartbeatMillis cut an empty block after this long without one; 0 never does
   * @param upgradeGate asked before each height: ordering stops before one this release may not execute
   */
  public BftOrdering(Ledger ledger, Mempool mempool, Admission admission, TlsTransport transport, LedgerValidatorSchedule validators,
      Hash selfId, Signer signer, CommitCertificateVerifier certificates, TimeoutPolicy timeouts,
      long heartbeatMillis, Clock clock, java.nio.file.Path stateDir, org.medledger.node.ordering.UpgradeGate upgradeGate) {
    this(ledger, mempool, admission, transport, validators, () -> List.of(new ValidatorKey(selfId, signer)), certificates,
        timeouts, heartbeatMillis, clock, stateDir, upgradeGate);
  }

  /**
   * @param keys the node's consensus keys, its first the one it transacts with (evidence): at
   *     each height it votes with the key that height's set holds (a rotated certificate's new
   *     key from the rotation's height), and follows the chain when it holds none
   */
  public BftOrdering(Ledger ledger, Mempool mempool, Admission admission, TlsTransport transport, LedgerValidatorSchedule validators,
      java.util.function.Supplier<List<ValidatorKey>> keys, CommitCertificateVerifier certificates, TimeoutPolicy timeouts,
      long heartbeatMillis, Clock clock, java.nio.file.Path stateDir, org.medledger.node.ordering.UpgradeGate upgradeGate) {
    this.ledger = ledger;
    this.upgradeGate = upgradeGate;
    checkUpgrade();
    this.stateFile = stateDir == null ? null : new EngineStateFile(stateDir, ledger.hashFunction());
    this.mempool = mempool;
    this.transport = transport;
    this.certificates = certificates;
    this.clock = clock;
    this.heartbeatMillis = heartbeatMillis;
    this.maxBlockTransactions = ledger.genesis().parameters().maxBlockTransactions();
    this.timers = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "medledger-consensus-timers");
      t.setDaemon(true);
      return t;
    });
    this.validators = validators;
    this.keys = keys;
    this.admission = admission;
    this.timeouts = timeouts;
    this.stateDir = stateDir;
    this.app = new LedgerApplication(ledger, mempool, admission, validators, keys, clock, this::commitBlock);
    this.certifiedPrecommits = new CertifiedPrecommits(validators, ledger.genesis().signingChainId());
    if (validatesFrom(ledger.height() + 1)) {
      createEngine();
    }
    this.gossip = new TransactionGossip(transport, admission, mempool, timers, 2);
    admission.onAdmitted(gossip::admittedLocally);
    mempool.onAdded(this::signalWork);
  }

  private void createEngine() {
    ValidatorKey first = keys.get().get(0);
    this.evidenceSubmitter = new EvidenceSubmitter(stateDir == null ? null : stateDir.resolve("evidence"), ledger,
        admission, first.signer(), first.id(), clock);
    this.engine = new TendermintEngine(ledger.genesis().signingChainId(), keys, validators, new WorkGate(), this, timeouts);
  }

  /** Whether one of this node's keys validates at a height from {@code height} on that the ledger fixed. */
  private boolean validatesFrom(long height) {
    for (ValidatorKey k : keys.get()) {
      if (validators.validatesFrom(height, k.id())) {
        return true;
      }
    }
    return false;
  }

  /**
   * On the consensus thread, after blocks were committed: a follower whose certificate the ledger
   * has made a validator (a passed add-validator proposal) starts its engine, which follows the
   * votes until the change's height and votes from it on.
   */
  private void joinIfScheduled() {
    if (engine == null && running && upgradeRequired == null && validatesFrom(ledger.height() + 1)) {
      LOG.info("this node is a validator from a height the ledger fixed (at or after {}): its consensus engine starts",
          ledger.height() + 1);
      createEngine();
      beginNextHeight();
    }
  }

  /** The engine asks whether to begin a height; the answer follows the block interval. */
  private final class WorkGate implements ConsensusApplication {
    @Override
    public byte[] propose(long height, int round) {
      return app.propose(height, round);
    }

    @Override
    public Hash idOf(byte[] value) {
      return app.idOf(value);
    }

    @Override
    public boolean isValid(long height, byte[] value) {
      return upgradeRequired == null && app.isValid(height, value);
    }

    @Override
    public boolean isTimely(long height, byte[] value) {
      return app.isTimely(height, value);
    }

    @Override
    public boolean hasWork(long height) {
      return upgradeRequired == null && workDue();
    }

    @Override
    public void commit(long height, int round, byte[] value, Hash id, CommitCertificate certificate) {
      app.commit(height, round, value, id, certificate);
    }
  }

  private boolean workDue() {
    int size = mempool.size();
    // As the ledger now has them: governance may have changed the genesis's interval or lowered its block size.
    org.medledger.core.genesis.ChainParameters inForce = ledger.parameters();
    long blockIntervalNanos = TimeUnit.MILLISECONDS.toNanos(inForce.blockIntervalMillis());
    int maxBlockTransactions = Math.min(this.maxBlockTransactions, inForce.maxBlockTransactions());
    if (size >= Math.min(maxBlockTransactions, LedgerApplication.MAX_PROPOSAL_TRANSACTIONS)) {
      return true;
    }
    long waitNanos;
    if (size > 0) {
      // Waiting gathers transactions into fewer blocks; on a chain that has been quiet for an
      // interval there is nothing to gather, so the first transaction goes at once (a lone store
      // waited out the whole interval before its height even started).
      long quietNanos = TimeUnit.MILLISECONDS.toNanos(clock.millis() - lastCommitMillis);
      waitNanos = Math.min(blockIntervalNanos - mempool.oldestWaitNanos(), blockIntervalNanos - quietNanos);
    } else if (heartbeatMillis > 0) {
      waitNanos = TimeUnit.MILLISECONDS.toNanos(heartbeatMillis - (clock.millis() - lastCommitMillis));
    } else {
      return false;
    }
    if (waitNanos <= 0) {
      return true;
    }
    if (!wakeScheduled) {
      wakeScheduled = true;
      timers.schedule(() -> enqueue(() -> {
        wakeScheduled = false;
        checkWork();
      }), waitNanos, TimeUnit.NANOSECONDS);
    }
    return false;
  }

  private void signalWork() {
    if (workSignalQueued.compareAndSet(false, true)) {
      enqueue(() -> {
        workSignalQueued.set(false);
        checkWork();
      });
    }
  }

  private void checkWork() {
    if (engine != null && engineStarted && workDue()) {
      engine.onWork();
    }
  }

  @Override
  public void addListener(CommitListener l) {
    listeners.add(l);
  }

  /**
   * Starts ordering. Throws {@link UnreadableConsensusStateException} (and starts nothing) when
   * this validator's saved consensus state is there but unreadable.
   */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    // Read before anything runs: a validator that cannot remember its votes must not start.
    SavedConsensusState saved = engine == null || stateFile == null ? new SavedConsensusState.NeverSaved() : stateFile.load();
    running = true;
    lastCommitMillis = clock.millis();
    thread = new Thread(this::run, "medledger-consensus");
    thread.setDaemon(true);
    thread.start();
    enqueue(() -> {
      if (engine == null) {
        return;
      }
      if (saved instanceof SavedConsensusState.Saved found) {
        pendingResume = found.state();
      } else if (saved instanceof SavedConsensusState.LostAcknowledged lost) {
        votesOnlyAbove = Math.max(ledger.height() + 1, lost.mayHaveVotedAt());
        LOG.warn("the saved consensus state {} is lost (acknowledged by {}): this validator may have voted up to "
            + "height {}, so it syncs blocks and votes again only from height {}", stateFile.file(),
            lost.acknowledgement(), votesOnlyAbove, votesOnlyAbove + 1);
      }
      beginNextHeight();
    });
    timers.scheduleWithFixedDelay(this::sendStatus, 0, STATUS_EVERY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * On the consensus thread: starts (or resumes) the engine at the height after the ledger's
   * head. A saved state above that height means this ledger is older than the validator's votes
   * (restored from a backup): the validator then only follows the chain by block sync, and
   * resumes its saved votes once its ledger reaches their height (or starts afresh past it).
   */
  private void beginNextHeight() {
    long next = ledger.height() + 1;
    if (next <= votesOnlyAbove) {
      engineStarted = false; // a lost state: the others decide this height without us (block sync brings it)
      return;
    }
    EngineState saved = pendingResume;
    if (saved != null && saved.height() > next) {
      if (pendingResume != null) {
        LOG.warn("this validator saved votes at height {} but its ledger ends at {} ({}): it syncs blocks and votes "
            + "again only from height {}", saved.height(), next - 1, stateFile.file(), saved.height());
      }
      engineStarted = false;
      return;
    }
    pendingResume = null;
    engineStarted = true;
    if (saved != null && saved.height() == next) {
      LOG.info("resuming height {} at round {} from the saved consensus state ({} own messages)", next, saved.round(),
          saved.own().size());
      engine.resume(saved);
    } else {
      engine.start(next);
    }
  }

  private void run() {
    while (running) {
      Runnable r;
      try {
        r = events.poll(250, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (r == null) {
        continue;
      }
      try {
        r.run();
        if (engine != null && engine.evidence().size() != evidence.size()) {
          evidence = engine.evidence(); // logged and sent to the chain by the EvidenceSubmitter
        }
        if (upgradeRequired != null) {
          stopForUpgrade();
          return;
        }
      } catch (CommitFailedException e) {
        // The head did not move or moved to an unknown state: stop rather than build on it.
        LOG.error("ordering stopped: {}", e.getMessage(), e.getCause());
        stoppedBecause = e.getMessage();
        running = false;
        return;
      } catch (PersistFailedException e) {
        if (upgradeRequired != null) {
          stopForUpgrade(); // the engine reached the height this release may not sign at, and halted before sending
          return;
        }
        // A vote that is not durable must not leave; the engine has halted, and so does ordering.
        LOG.error("ordering stopped: {}", e.getMessage(), e.getCause());
        stoppedBecause = e.getMessage();
        running = false;
        return;
      } catch (RuntimeException e) {
        LOG.warn("consensus event failed: {}", e.toString(), e);
      }
    }
  }

  /**
   * After each commit: whether the next height needs a protocol version this release does not
   * run. From then on the engine signs nothing (its saves refuse, so no message for that height
   * leaves), block sync commits nothing, and the consensus thread stops after its current event.
   */
  private void checkUpgrade() {
    if (upgradeRequired == null) {
      upgradeRequired = upgradeGate.refusalAt(ledger.height() + 1).orElse(null);
    }
  }

  private void stopForUpgrade() {
    LOG.error("ordering stopped: {}", upgradeRequired.getMessage());
    stoppedBecause = upgradeRequired.getMessage();
    running = false;
    try {
      stoppedForUpgrade.accept(upgradeRequired);
    } catch (RuntimeException e) {
      LOG.warn("upgrade stop listener failed: {}", e.toString());
    }
  }

  /** Told once, on the consensus thread, when ordering stops before a height this release may not execute. */
  @Override
  public void onStoppedForUpgrade(java.util.function.Consumer<org.medledger.node.ordering.UpgradeRequiredException> listener) {
    this.stoppedForUpgrade = listener;
    if (!running && upgradeRequired != null && stoppedBecause != null) {
      listener.accept(upgradeRequired);
    }
  }

  /** The upgrade this node stopped (or is stopping) for; null while its release runs the chain's protocol. */
  @Override
  public org.medledger.node.ordering.UpgradeRequiredException upgradeRequired() {
    return upgradeRequired;
  }

  /** Queues an event of this node's own (timer, work signal): never dropped. */
  private void enqueue(Runnable r) {
    events.offerLocal(r);
  }

  /** Queues an event a peer caused, within that peer's share of the queue. */
  private void enqueueFrom(Peer from, Runnable r) {
    if (!events.offerFromPeer(from.name(), r)) {
      LOG.debug("consensus queue share of {} full; its message dropped", from);
    }
  }

  /** Thrown on the consensus thread when a durable commit fails. */
  private static final class CommitFailedException extends RuntimeException {
    CommitFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private void commitBlock(ProposedBlock p, CommitCertificate certificate) {
    try {
      ledger.commit(p, certificate);
    } catch (RuntimeException e) {
      throw new CommitFailedException("commit of block " + p.block().header().height() + " failed: " + e, e);
    }
    checkUpgrade();
    LOG.debug("committed block {} ({} transactions, round {}) {} ms after the previous one", p.block().header().height(),
        p.block().transactions().size(), certificate.round(), clock.millis() - lastCommitMillis);
    lastCommitMillis = clock.millis();
    List<Hash> ids = new ArrayList<>(p.block().transactions().size());
    for (Transaction tx : p.block().transactions()) {
      ids.add(tx.id(ledger.hashFunction()));
    }
    mempool.removeAll(ids);
    Block committed = p.block().withCertificate(certificate);
    for (CommitListener l : listeners) {
      try {
        l.committed(committed, p.execution().outcomes());
      } catch (RuntimeException e) {
        LOG.warn("commit listener failed: {}", e.toString());
      }
    }
    certifiedPrecommits.committed(p.block().header().height(), p.blockHash(), certificate);
    if (evidenceSubmitter != null) {
      evidenceSubmitter.tick();
    }
  }

  // ---- the engine's outbox

  @Override
  public void broadcast(ConsensusMessage message) {
    transport.broadcast(Topic.CONSENSUS, ConsensusMessageCodec.encode(message));
  }

  /** The engine saw a validator equivocate: the proof goes to the chain (see {@link EvidenceSubmitter}). */
  @Override
  public void evidence(Evidence e) {
    // The engine's index is into the set in force at the evidence's height.
    List<Hash> validatorIds = validators.idsAt(e.first().height());
    if (evidenceSubmitter == null || e.validator() < 0 || e.validator() >= validatorIds.size()) {
      return;
    }
    try {
      evidenceSubmitter.report(new org.medledger.core.evidence.Equivocation(validatorIds.get(e.validator()),
          e.first().signed(), e.second().signed()));
    } catch (RuntimeException ex) {
      // Called from inside the engine's step: a failure here must not cut that step short.
      LOG.error("could not submit evidence {}: {}", e, ex.toString(), ex);
    }
  }

  @Override
  public void persist(EngineState state) {
    if (upgradeRequired != null) {
      // The engine halts on a failed save before it sends: no vote or proposal for the new height leaves.
      throw new IllegalStateException(upgradeRequired.getMessage());
    }
    if (stateFile != null) {
      stateFile.save(state);
    }
    // The engine saves its state at every step, so a new (height, round) shows here first.
    if (state.height() != engineHeight || state.round() != engineRound) {
      long now = System.nanoTime();
      if (engineHeight > 0) {
        RoundListener l = roundListener;
        if (l != null) {
          l.roundEnded(engineHeight, engineRound, now - roundStartedNanos);
        }
      }
      roundStartedNanos = now;
      engineHeight = state.height();
      engineRound = state.round();
    }
  }

  private volatile long engineHeight;
  private volatile int engineRound;
  private long roundStartedNanos;
  private volatile RoundListener roundListener;

  /** Told each time the engine leaves a round: its height, its number, how long it lasted. */
  public void onRoundEnded(RoundListener listener) {
    this.roundListener = listener;
  }

  /** The round this validator's engine is in at its current height (0 before it starts, and for a follower). */
  public int round() {
    return engineRound;
  }

  @Override
  public void schedule(Timeout timeout) {
    timers.schedule(() -> enqueue(() -> engine.onTimeout(timeout)), timeout.delayMillis(), TimeUnit.MILLISECONDS);
  }

  // ---- the network

  /** Frames from authenticated peers, on a network thread. */
  public void onMessage(Peer from, Topic topic, byte[] payload) {
    switch (topic) {
      case CONSENSUS -> {
        if (engine == null) {
          return;
        }
        ConsensusMessage m;
        try {
          m = ConsensusMessageCodec.decode(payload, Integer.MAX_VALUE);
        } catch (DecodeException e) {
          LOG.debug("malformed consensus message from {}: {}", from, e.getMessage());
          return;
        }
        enqueueFrom(from, () -> {
          if (m.height() <= ledger.height() && evidenceSubmitter != null) {
            // The engine has left that height; a late precommit may still contradict its certificate
            // (and the engine itself convicts a late message of the height it just decided).
            certifiedPrecommits.convict(m).ifPresent(evidenceSubmitter::report);
          }
          if (engineStarted) {
            engine.onMessage(m);
          }
        });
      }
      case TRANSACTIONS -> gossip.received(payload);
      case SYNC -> onSync(from, payload);
    }
  }

  private void onSync(Peer from, byte[] payload) {
    SyncMessage m;
    try {
      m = SyncMessage.decode(payload);
    } catch (DecodeException e) {
      LOG.debug("malformed sync message from {}: {}", from, e.getMessage());
      return;
    }
    if (m instanceof SyncMessage.Status s) {
      if (s.height() > bestPeerHeight) {
        bestPeerHeight = s.height();
      }
      if (s.height() > ledger.height()) {
        enqueueFrom(from, () -> requestBlocks(from, s.height()));
      } else if (s.height() < ledger.height()) {
        // Broadcasts reach only the peers this node dials; a follower that dials in (a full node)
        // hears the head it is behind this way, one answer per status it sends.
        from.send(Topic.SYNC, SyncMessage.encode(new SyncMessage.Status(ledger.height())));
      }
    } else if (m instanceof SyncMessage.GetBlocks g) {
      timers.execute(() -> serveBlocks(from, g));
    } else {
      SyncMessage.Blocks b = (SyncMessage.Blocks) m;
      enqueueFrom(from, () -> applyBlocks(from, b));
    }
  }

  private volatile Runnable statusTick = () -> { };

  /** Runs with each status broadcast (once a second), on the timer thread. */
  public void onStatusTick(Runnable r) {
    this.statusTick = r;
  }

  private void sendStatus() {
    try {
      statusTick.run();
    } catch (RuntimeException e) {
      LOG.debug("status tick failed: {}", e.toString());
    }
    try {
      if (evidenceSubmitter != null) {
        evidenceSubmitter.tick();
      }
    } catch (RuntimeException e) {
      LOG.warn("evidence resubmission failed: {}", e.toString());
    }
    try {
      transport.broadcast(Topic.SYNC, SyncMessage.encode(new SyncMessage.Status(ledger.height())));
    } catch (RuntimeException e) {
      LOG.debug("status broadcast failed: {}", e.toString());
    }
  }

  /** On the consensus thread: ask {@code peer} for the blocks after our head. */
  private void requestBlocks(Peer peer, long peerHeight) {
    long h = ledger.height();
    if (peerHeight <= h) {
      return;
    }
    long now = clock.millis();
    if (syncRequestedAt >= 0 && now - syncRequestedAt < SYNC_REQUEST_TIMEOUT_MILLIS) {
      return;
    }
    // A validator one block behind usually finishes that height through consensus; ask only
    // when consensus alone will not do (two or more behind, or one behind for a while).
    if (peerHeight == h + 1 && engine != null && now - lastCommitMillis < 2 * STATUS_EVERY_MILLIS) {
      return;
    }
    int count = (int) Math.min(SyncMessage.MAX_BLOCKS_PER_REPLY, peerHeight - h);
    if (peer.send(Topic.SYNC, SyncMessage.encode(new SyncMessage.GetBlocks(h + 1, count)))) {
      syncRequestedAt = now;
    }
  }

  /** On a timer thread: read committed blocks for a peer, bounded in count and bytes. */
  private void serveBlocks(Peer peer, SyncMessage.GetBlocks g) {
    List<byte[]> blocks = new ArrayList<>();
    long bytes = 0;
    for (long h = g.from(); h < g.from() + g.count() && h <= ledger.height(); h++) {
      byte[] b = ledger.blockBytes(h).orElse(null);
      if (b == null || (bytes + b.length > SyncMessage.MAX_REPLY_BYTES && !blocks.isEmpty())) {
        break;
      }
      blocks.add(b);
      bytes += b.length;
    }
    if (!blocks.isEmpty()) {
      peer.send(Topic.SYNC, SyncMessage.encode(new SyncMessage.Blocks(blocks)));
    }
  }

  /**
   * On the consensus thread: commits the next blocks after checking each one's commit
   * certificate against the validators in force at its height, its link to our head, and our own execution of
   * it. A bad block ends the batch; nothing already committed changes.
   */
  private void applyBlocks(Peer from, SyncMessage.Blocks batch) {
    syncRequestedAt = -1;
    long before = ledger.height();
    for (byte[] bytes : batch.blocks()) {
      if (upgradeRequired != null) {
        break;
      }
      Block b;
      try {
        b = Block.decode(bytes, Integer.MAX_VALUE);
      } catch (DecodeException | IllegalArgumentException e) {
        LOG.warn("peer {} sent a block that does not decode: {}", from, e.getMessage());
        break;
      }
      long h = b.header().height();
      if (h <= ledger.height()) {
        continue;
      }
      if (h != ledger.height() + 1) {
        break;
      }
      Hash hash = b.header().hash(ledger.hashFunction());
      if (!b.header().previousHash().equals(ledger.headHash())) {
        LOG.warn("peer {} sent block {} that does not extend our head", from, h);
        break;
      }
      var problem = certificates.problemAt(ledger.state(), b.header(), hash, b.certificate());
      if (problem.isPresent()) {
        LOG.warn("peer {} sent block {} with a bad commit certificate: {}", from, h, problem.get());
        break;
      }
      ProposedBlock mine = ledger.propose(b.transactions(), b.header().timestamp(), b.header().proposer());
      if (!mine.blockHash().equals(hash)) {
        LOG.error("block {} is certified by the validators but executes differently here: this node's software or "
            + "state differs from theirs", h);
        break;
      }
      commitBlock(mine, b.certificate());
    }
    if (ledger.height() > before) {
      LOG.info("synced blocks {}..{} from {}", before + 1, ledger.height(), from);
      if (upgradeRequired != null) {
        return;
      }
      joinIfScheduled();
      if (engine != null && (!engineStarted || engine.height() <= ledger.height())) {
        beginNextHeight();
      }
      if (bestPeerHeight > ledger.height()) {
        requestBlocks(from, bestPeerHeight);
      }
    }
  }

  // ---- state

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Why ordering stopped on its own (a failed commit or save, an upgrade), or null while it runs. */
  @Override
  public String stoppedBecause() {
    return stoppedBecause;
  }

  /** Equivocations this validator has seen, each naming the validator. */
  public List<Evidence> evidence() {
    return evidence;
  }

  /** Proofs of equivocation this validator has saved or submitted that the chain does not hold yet. */
  public int evidencePending() {
    return evidenceSubmitter == null ? 0 : evidenceSubmitter.pending();
  }

  /** Peers this node has a live authenticated link to. */
  public int connectedPeers() {
    return transport.connectedPeers().size();
  }

  public long bestPeerHeight() {
    return bestPeerHeight;
  }

  /** The certificates of the peers this node has a live authenticated link to. */
  public List<java.security.cert.X509Certificate> linkedPeerCertificates() {
    List<java.security.cert.X509Certificate> out = new ArrayList<>();
    for (var p : transport.connectedPeers()) {
      out.add(p.certificate());
    }
    return out;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    timers.shutdownNow();
    gossip.close();
    Thread t = thread;
    if (t != null) {
      t.join(10_000);
    }
    // Timer tasks serve blocks from the store, which closes after this.
    timers.awaitTermination(10, TimeUnit.SECONDS);
  }
}
