package org.medledger.node.vault;

import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.medledger.core.block.Block;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.AeadException;
import org.medledger.crypto.CertifiedEncryptionKey;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.network.Peer;
import org.medledger.network.TlsTransport;
import org.medledger.network.Topic;
import org.medledger.node.admission.Admission;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.NodeEncryptionKey;
import org.medledger.node.NodeKeys;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;
import org.medledger.storage.ShardStore;
import org.medledger.vault.DocumentSealer;
import org.medledger.vault.ErasureCode;
import org.medledger.vault.ShardManifest;
import org.medledger.vault.ShardsDisagreeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault on one node: seals a record (fresh data key, suite AEAD, Reed-Solomon k of n), puts
 * its entry on the ledger, and sends shard i to the node that holds it over the nodes' mutual
 * TLS; fetches by gathering any k shards whose hashes match the ledger's manifest. A node stores a
 * shard only when the committed manifest lists its hash at the index this node holds, so nothing
 * unrecorded or altered is ever kept. What the ledger holds about a document it learns from the
 * application that registers documents ({@link VaultDocuments}, handed over by health records);
 * that application also tells it when to erase a document and when its custodian wraps a data key
 * for another organisation's node.
 */
public final class VaultService implements CommitListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaultService.class);
  public static final int MAX_RECORD_BYTES = 100 << 20 | 1 << 20;
  static final long SHARD_TIMEOUT_MILLIS = 30_000;
  private final Ledger ledger;
  private final VaultLinks links;
  private final TlsTransport transport;
  private final ShardStore shards;
  private final NodeKeys keys;
  /** What this node unwraps with: never its signing key (issue 23, finding 6). */
  /** Empty on a validator voted in until the ledger holds the passed proposal that certifies its key. */
  private final java.util.function.Supplier<Optional<NodeEncryptionKey>> encryption;
  /** Each validator organisation's node encryption key, certified in the genesis. */
  private final Map<String, CertifiedEncryptionKey> nodeEncryptionKeys = new java.util.TreeMap<>();
  private final String organisation;
  private final Clock clock;
  private final CryptoSuite suite;
  private final String signingChainId;
  private final NodeTransactions transactions;
  /** One sealer per code: k = n − f of the n validators a record is placed on. */
  private final Map<Integer, DocumentSealer> sealers = new java.util.TreeMap<>();
  private final SecureRandom random = new SecureRandom();
  private final PendingReplies pending = new PendingReplies(random);
  /**
   * Early shards and keys held per sending node and in all: room for a few of the largest shards
   * from each node at once (WaitingBytes).
   */
  private final WaitingBytes waiting;
  // Handlers may wait (up to seconds) for this node's ledger to reach an entry the sender just committed.
  private final ExecutorService workers = Executors.newFixedThreadPool(16, r -> {
    Thread t = new Thread(r, "medledger-vault");
    t.setDaemon(true);
    return t;
  });
  /** Outgoing asks block on their replies, so they never share threads with the handlers of incoming frames. */
  private final ExecutorService requesters = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "medledger-vault-ask");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Integer> badShards = new ConcurrentHashMap<>();
  /** Fetches ask holders for shards through this: this node's own from its store, the others' over the vault topic. */
  private final ShardGathering gathering;
  /** Until an application hands its documents over, the ledger holds none the vault would keep. */
  private volatile VaultDocuments documents = VaultDocuments.NONE;

  public VaultService(Ledger ledger, Admission admission, CommitWaiters waiters, TlsTransport transport, ShardStore shards,
      NodeKeys keys, java.util.function.Supplier<Optional<NodeEncryptionKey>> encryption, String organisation, Clock clock) {
    this(ledger, admission, waiters, transport, shards, keys, encryption, organisation, clock, VaultLinks.VALIDATORS_ONLY);
  }

  /** As a validator or a full node ({@code links}), telling validators' links from full nodes'. */
  public VaultService(Ledger ledger, Admission admission, CommitWaiters waiters, TlsTransport transport, ShardStore shards,
      NodeKeys keys, java.util.function.Supplier<Optional<NodeEncryptionKey>> encryption, String organisation, Clock clock,
      VaultLinks links) {
    this.links = Objects.requireNonNull(links, "links");
    this.ledger = ledger;
    this.encryption = encryption;
    this.transport = transport;
    this.shards = shards;
    this.keys = keys;
    this.organisation = organisation;
    this.clock = clock;
    this.transactions = new NodeTransactions(ledger, admission, waiters, keys.signer(), keys.certificateId(), clock);
    Genesis g = ledger.genesis();
    this.suite = g.cryptoSuite();
    this.signingChainId = g.signingChainId();
    for (ValidatorEntry v : g.validators()) {
      // the first validator of an organisation is its node, as for shard placement
      nodeEncryptionKeys.putIfAbsent(v.organisation(), g.encryptionKey(v));
    }
    this.gathering = new ShardGathering(this::placementOf, organisation, suite, requesters, badShards, SHARD_TIMEOUT_MILLIS,
        (record, holder, index) -> holder.equals(organisation) ? ownSlot(record, index) : remoteShard(holder, record, index));
    this.framesForDataShards = smallestCode();
    int maxFrame = VaultMessage.maxFrameBytes(framesForDataShards);
    long perPeer = Math.max(4L * maxFrame, MIN_WAITING_BYTES_PER_PEER);
    this.waiting = new WaitingBytes(perPeer, 2 * perPeer);
    if (transport != null) {
      // No vault frame is longer than one shard of the largest record (and its keys).
      transport.limitFrames(Topic.VAULT, maxFrame);
    }
    // Waiting shards and keys whose entry never came are refused on time even without new blocks.
    expiry.scheduleWithFixedDelay(ledgerWaits::recheck, 500, 500, TimeUnit.MILLISECONDS);
  }

  private final java.util.concurrent.ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "medledger-vault-waits");
    t.setDaemon(true);
    return t;
  });

  /**
   * This organisation's shard of a record: from this node's store; on a full node whose replica is
   * missing, from its organisation's validator.
   */
  private byte[] ownSlot(Hash record, int index) {
    Optional<byte[]> here = shards.get(record.toBytes(), index);
    if (here.isPresent() || !links.fullNode()) {
      return here.orElse(null);
    }
    return remoteShard(organisation, record, index);
  }

  /**
   * Rebuilds missing shards in the background: shortly after start (a node that came back with an
   * empty disk) and then every {@code everyMillis}.
   */
  public VaultService repairInBackground(long firstAfterMillis, long everyMillis) {
    repairer.scheduleWithFixedDelay(() -> {
      try {
        recheckUnplaced();
        int n = repair(BACKGROUND_REPAIR_MIN_AGE_MILLIS);
        if (n > 0) {
          LOG.info("rebuilt {} missing shard(s) from the other nodes", n);
        }
      } catch (RuntimeException e) {
        LOG.warn("shard repair: {}", e.toString());
      }
    }, firstAfterMillis, everyMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  private final UnplacedShards unplaced = new UnplacedShards();

  /**
   * Asks each holder this node failed to hand a shard to whether it holds it now (its own repair
   * sweep rebuilds it from the others); those that do leave the unplaced list.
   */
  public void recheckUnplaced() {
    for (UnplacedShards.Shard s : unplaced.list()) {
      if (remoteShard(s.holder(), s.record(), s.index(), false) != null) {
        unplaced.placed(s);
        LOG.info("shard {} of record {} is at {} now", s.index(), s.record(), s.holder());
      }
    }
  }

  /** Shards this node stored a record with but could not place at their holder, not seen there since. */
  public int unplacedShards() {
    return unplaced.count();
  }

  private final java.util.concurrent.ScheduledExecutorService repairer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "medledger-vault-repair");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param failed every shard or key that did not reach its holder, "holder: why"
   * @param placements each shard's holder and whether it took it, in shard order
   */
  public record Stored(Hash record, Hash txId, long height, int dataShards, List<String> holders, List<String> failed,
      List<ShardPlaced> placements) {}

  /**
   * Hands the vault what the ledger holds about its documents, from the application whose contract
   * registers them, when it registers. One application's documents per vault: another's are
   * refused; the same application registering again replaces its own hand-over.
   */
  public synchronized void keepDocumentsOf(VaultDocuments documents) {
    Objects.requireNonNull(documents, "documents");
    if (this.documents != VaultDocuments.NONE && this.documents.getClass() != documents.getClass()) {
      throw new IllegalStateException("another application already keeps its documents in this vault");
    }
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  /** Refuses a document the vault does not take: empty, or larger than {@link #MAX_RECORD_BYTES}. */
  public static void checkSize(byte[] document) {
    if (document.length == 0 || document.length > MAX_RECORD_BYTES) {
      throw new VaultException("invalid_argument", "a record is 1 byte to " + MAX_RECORD_BYTES + " bytes, got " + document.length);
    }
  }

  /**
   * Whom a document is sealed for besides this node: its owner's encryption key (certified, never
   * a signing key) and the reader name the ledger commits her wrapped key under; and the context
   * the AEAD binds the sealed bytes to.
   */
  public record Sealing(CertifiedEncryptionKey ownerKey, String ownerReader, byte[] context) {
    public Sealing {
      Objects.requireNonNull(ownerKey, "ownerKey");
      Objects.requireNonNull(ownerReader, "ownerReader");
      Objects.requireNonNull(context, "context");
      if (ownerReader.startsWith("org:")) {
        throw new IllegalArgumentException("reader " + ownerReader + " names a node's key, not an owner's");
      }
    }
  }

  /** The ledger call that registers a sealed document: its id, manifest and the hashes of its two wrapped keys. */
  public interface Registration {
    LedgerCall call(Hash document, byte[] manifest, Hash ownerKeyHash, Hash custodianKeyHash);
  }

  /**
   * Seals and stores a document, registered on the ledger by the call {@code registration} makes;
   * returns once every shard is placed or failed.
   */
  public Stored store(byte[] document, Sealing sealing, Registration registration) {
    checkSize(document);
    if (links.fullNode()) {
      // Validators take shards only from a validator: placing needs the organisation's validator.
      throw new VaultException("refused", "a full node stores no records: store through a validator of " + organisation);
    }
    // Sealed for the validators in force at the next height: the records contract refuses the
    // manifest if the set has changed by the block that registers it (store again).
    ShardPlacement placement = placementAt(ledger.height() + 1);
    DocumentSealer.Sealed sealed = sealerFor(placement.nodes()).seal(document, sealing.context());
    byte[] forOwner = suite.keyWrap().wrap(sealing.ownerKey(), sealed.dataKey(), random);
    byte[] forCustodian = suite.keyWrap().wrap(encryption().publicKey(), sealed.dataKey(), random);
    Hash record = sealed.manifest().recordHash();
    TxOutcome outcome;
    long height;
    Transaction tx = nodeTx(registration.call(record, sealed.manifest().encode(), hashOf(forOwner), hashOf(forCustodian)));
    // The shards travel while the entry is being committed, each with the wrapped keys (every
    // node keeps every key): a holder keeps them only once the committed entry lists their hashes,
    // and parks them until its ledger gets there.
    CompletableFuture<CommitWaiters.Committed> committed = submit(tx);
    Map<String, byte[]> keysToKeep = new java.util.TreeMap<>();
    keysToKeep.put(sealing.ownerReader(), forOwner);
    keysToKeep.put("org:" + organisation, forCustodian);
    List<VaultMessage.WrappedKey> riding = new ArrayList<>();
    keysToKeep.forEach((reader, wrapped) -> riding.add(new VaultMessage.WrappedKey(reader, wrapped)));
    List<String> holders = new ArrayList<>();
    List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    ShardPlaced[] placed = new ShardPlaced[sealed.shards().length];
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    java.util.Set<String> keyed = new java.util.HashSet<>();
    int own = -1;
    for (int i = 0; i < sealed.shards().length; i++) {
      String holder = placement.holder(record, i);
      holders.add(holder);
      if (holder.equals(organisation)) {
        own = i;
        placed[i] = ShardPlaced.kept(i, holder);
        continue;
      }
      int index = i;
      List<VaultMessage.WrappedKey> keysWithIt = keyed.add(holder) ? riding : List.of();
      sends.add(CompletableFuture.runAsync(org.medledger.node.logging.NodeLogContext.carried(() -> {
        try {
          place(record, index, holder, sealed.shards()[index], keysWithIt);
          placed[index] = ShardPlaced.placed(index, holder);
        } catch (RuntimeException e) {
          failed.add(holder + ": " + e.getMessage());
          unplaced.failed(record, index, holder);
          placed[index] = ShardPlaced.failed(index, holder, String.valueOf(e.getMessage()));
        }
      }), requesters));
    }
    for (String org : keyHolders(placement)) {
      if (!org.equals(organisation) && !keyed.contains(org)) {
        // a node that holds no shard of this record still keeps its keys
        for (VaultMessage.WrappedKey k : riding) {
          sends.add(CompletableFuture.runAsync(() -> sendKey(org, record, k.reader(), k.wrapped()).ifPresent(failed::add),
              requesters));
        }
      }
    }
    CommitWaiters.Committed c = awaitCommit(committed);
    outcome = c.outcome();
    height = c.height();
    if (!outcome.success()) {
      throw new VaultException(outcome.code(), outcome.message());
    }
    if (own >= 0) {
      shards.putWithKeys(record.toBytes(), own, sealed.shards()[own], keysToKeep);
    } else {
      keysToKeep.forEach((reader, wrapped) -> shards.putWrappedKey(record.toBytes(), reader, wrapped));
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();
    return new Stored(record, tx.id(ledger.hashFunction()), height, sealed.manifest().dataShards(), holders, failed,
        List.of(placed));
  }

  private void place(Hash record, int index, String holder, byte[] shard, List<VaultMessage.WrappedKey> keys) {
    VaultMessage reply = ask(holder, id -> new VaultMessage.PutShard(id, record, index, shard, keys));
    if (!(reply instanceof VaultMessage.PutAck ack) || !ack.stored()) {
      throw new VaultException("shard_refused", reply instanceof VaultMessage.PutAck a ? a.message() : "unexpected reply");
    }
  }

  /**
   * The record's plaintext, for this node's organisation: the data key wrapped for this node,
   * any k shards that match the manifest's hashes, the record hash, the AEAD.
   */
  public byte[] fetch(Hash record) {
    return fetch(record, 0);
  }

  /**
   * As {@link #fetch(Hash)}, waiting up to {@code keyWaitMillis} for the custodian to wrap the data
   * key for this node (it does so once the served access is on the ledger).
   */
  public byte[] fetch(Hash record, long keyWaitMillis) {
    if (!links.keepsShards()) {
      throw new VaultException("unavailable", "this full node keeps no shard store (node.json \"vault\": {\"shardStore\": true}),"
          + " so it serves no record's content: read it through a validator of " + organisation
          + " or a full node with a shard store");
    }
    long until = System.currentTimeMillis() + keyWaitMillis;
    while (true) {
      try {
        return fetchNow(record);
      } catch (VaultException e) {
        // the key not wrapped yet, or wrapped and committed but not yet kept where this node asked
        boolean keyOnItsWay = e.code().equals("no_key") || e.getMessage().startsWith(NO_NODE_GAVE_THE_KEY);
        if (!keyOnItsWay || System.currentTimeMillis() >= until) {
          throw e;
        }
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VaultException("unavailable", "interrupted while waiting for the data key");
      }
    }
  }

  private static final String NO_NODE_GAVE_THE_KEY = "no node could give the data key";

  private byte[] fetchNow(Hash record) {
    VaultDocument e = documents.find(ledger.state(), record).orElseThrow(
        () -> new VaultException("unknown_record", "record " + record + " is not registered"));
    if (e.erased()) {
      throw new VaultException("erased", "record " + record + " was erased at height " + e.erasedHeight() + " on the patient's request");
    }
    if (documents.keyCommitment(ledger.state(), record, "org:" + organisation).isEmpty()) {
      throw new VaultException("no_key", "the data key of record " + record + " is not wrapped for " + organisation
          + " (the custodian, " + e.custodian() + ", wraps it once a consent names " + organisation + ")");
    }
    byte[] wrapped = wrappedKey(record, "org:" + organisation).orElseThrow(() -> new VaultException("unavailable",
        NO_NODE_GAVE_THE_KEY + " of record " + record + " wrapped for " + organisation));
    byte[] dataKey;
    try {
      dataKey = suite.keyWrap().unwrap(encryption().privateKey(), wrapped);
    } catch (AeadException ex) {
      throw new VaultException("no_key", "the data key wrapped for " + organisation + " does not open with this node's key");
    }
    ShardManifest m = ShardManifest.decode(e.manifest());
    DocumentSealer sealer = sealerFor(m.totalShards());
    try {
      sealer.checkKey(m, dataKey);
    } catch (RuntimeException ex) {
      throw new VaultException("corrupt", "record " + record + ": the data key wrapped for " + organisation + " by its custodian, "
          + e.custodian() + ", is refused: " + ex.getMessage());
    }
    byte[] context = e.sealingContext();
    byte[][] found = gathering.gather(record, m);
    try {
      // gather() checked every shard against the manifest already; the sealer checks each data shard it rebuilds
      return sealer.openVerified(m, found, dataKey, context).document();
    } catch (ShardsDisagreeException ex) {
      LOG.warn("record {}: {}; fetching every shard", record, ex.getMessage());
      byte[][] all = gathering.gatherRest(record, m, found);
      try {
        DocumentSealer.Opened opened = sealer.openVerified(m, all, dataKey, context, true);
        reportDisagreeing(record, e, opened.disagreeingShards());
        return opened.document();
      } catch (RuntimeException again) {
        throw new VaultException("corrupt", "record " + record + " does not open: its custodian, " + e.custodian()
            + ", registered shards that disagree, and " + again.getMessage());
      }
    } catch (RuntimeException ex) {
      throw new VaultException("corrupt", "record " + record + " does not open: " + ex.getMessage());
    }
  }

  /**
   * Reports the holders of shards that match the manifest's hashes but are not the code of its data
   * shards: readers through them would open another document, so the custodian that registered
   * the manifest sealed it dishonestly, and the holder's shard is the evidence.
   */
  private void reportDisagreeing(Hash record, VaultDocument e, List<Integer> disagreeing) {
    for (int index : disagreeing) {
      String holder = placementAt(e.height()).holder(record, index);
      badShards.merge(holder, 1, Integer::sum);
      LOG.warn("shard {} of record {}, held by {}, matches the manifest but is not the code of its data shards: the custodian, {},"
          + " registered shards that are not one code word", index, record, holder, e.custodian());
    }
  }

  private Hash hashOf(byte[] b) {
    return Hash.of(suite.hash().hash(b));
  }

  /**
   * Keeps a wrapped key here and on every other node (a few hundred bytes each, so all hold all,
   * and erasure reaches every copy); returns the nodes that did not take it.
   */
  private List<String> spreadKey(Hash record, String reader, byte[] wrapped) {
    shards.putWrappedKey(record.toBytes(), reader, wrapped);
    List<String> failed = java.util.Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> sends = new ArrayList<>();
    for (String org : keyHolders(placementOf(record))) {
      if (!org.equals(organisation)) {
        sends.add(CompletableFuture.runAsync(() -> sendKey(org, record, reader, wrapped).ifPresent(failed::add), requesters));
      }
    }
    CompletableFuture.allOf(sends.toArray(new CompletableFuture[0])).join();
    return new ArrayList<>(failed);
  }

  /** Gives {@code org}'s node a wrapped key; the failure, if it did not take it. */
  private Optional<String> sendKey(String org, Hash record, String reader, byte[] wrapped) {
    try {
      VaultMessage reply = ask(org, id -> new VaultMessage.PutKey(id, record, reader, wrapped));
      if (!(reply instanceof VaultMessage.PutAck ack) || !ack.stored()) {
        return Optional.of(org + ": key for " + reader + " refused" + (reply instanceof VaultMessage.PutAck a ? ": " + a.message() : ""));
      }
      return Optional.empty();
    } catch (VaultException e) {
      return Optional.of(org + ": key for " + reader + ": " + e.getMessage());
    }
  }

  /**
   * {@code record}'s data key wrapped for {@code reader}, checked against the ledger's commitment:
   * from this node's store, else from another node (and then kept here). Empty when the ledger
   * holds no such commitment or no node has the key.
   */
  public Optional<byte[]> wrappedKey(Hash record, String reader) {
    Optional<Hash> commitment = documents.keyCommitment(ledger.state(), record, reader);
    if (commitment.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> local = shards.wrappedKey(record.toBytes(), reader).filter(k -> hashOf(k).equals(commitment.get()));
    if (local.isPresent()) {
      return local;
    }
    for (String org : keyHolders(placementOf(record))) {
      if (org.equals(organisation) && !links.fullNode()) {
        continue; // a full node's own organisation's validator keeps the key too
      }
      try {
        VaultMessage reply = ask(org, false, id -> new VaultMessage.GetKey(id, record, reader));
        if (reply instanceof VaultMessage.ShardReply r && r.status() == VaultMessage.ShardReply.FOUND
            && hashOf(r.shard()).equals(commitment.get())) {
          shards.putWrappedKey(record.toBytes(), reader, r.shard());
          return Optional.of(r.shard());
        }
      } catch (VaultException e) {
        // that node is down or does not answer: ask the next
      }
    }
    return Optional.empty();
  }

  /** {@code holder}'s shard from its validator, or, that one not linked, from a full node of it that keeps a replica. */
  private byte[] remoteShard(String holder, Hash record, int index) {
    return remoteShard(holder, record, index, true);
  }

  private byte[] remoteShard(String holder, Hash record, int index, boolean replicasToo) {
    try {
      VaultMessage reply = ask(holder, replicasToo, id -> new VaultMessage.GetShard(id, record, index));
      if (reply instanceof VaultMessage.ShardReply r && r.status() == VaultMessage.ShardReply.FOUND) {
        return r.shard();
      }
      return null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private VaultMessage ask(String holder, java.util.function.Function<VaultRequestId, VaultMessage> message) {
    return ask(holder, false, message);
  }

  /**
   * Asks {@code holder}'s validator, or with {@code replicasToo} and no validator of it linked, one
   * of its full nodes (a replica of the same shard slot).
   */
  private VaultMessage ask(String holder, boolean replicasToo, java.util.function.Function<VaultRequestId, VaultMessage> message) {
    // Only the node linked for the holder's organisation (a validator's: ValidatorPeerCheck) may
    // answer, by the certificate it linked with: after a rotation that is the new one.
    Peer linked = peerOf(holder, replicasToo);
    if (linked == null) {
      throw new VaultException("unavailable", "no link to " + holder + "'s node");
    }
    Hash holderNode = org.medledger.crypto.x509.CertificateId.of(suite.hash(), linked.certificate());
    CompletableFuture<VaultMessage> reply = new CompletableFuture<>();
    PendingReplies.Key id = pending.open(holderNode, reply);
    try {
      byte[] frame = VaultMessage.encode(message.apply(id.id()));
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHARD_TIMEOUT_MILLIS);
      while (true) {
        Peer peer = linkWith(linked.certificate());
        if (peer == null) {
          throw new VaultException("unavailable", "no link to " + holder + "'s node (dropped or redialled with another"
              + " certificate while this request was waiting)");
        }
        if (peer.send(Topic.VAULT, frame)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new VaultException("unavailable", "the link to " + holder + "'s node stayed busy");
        }
        Thread.sleep(2);
      }
      return reply.get(SHARD_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VaultException("unavailable", "interrupted");
    } catch (TimeoutException e) {
      throw new VaultException("unavailable", holder + "'s node did not answer in time");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new VaultException("unavailable", String.valueOf(e.getCause()));
    } finally {
      pending.close(id);
    }
  }

  static final long MIN_WAITING_BYTES_PER_PEER = 64L << 20;

  /** Bytes of early shards and keys held now, waiting for their ledger entries or a worker. */
  public long waitingBytes() {
    return waiting.held();
  }

  /** The most {@link #waitingBytes()} may reach; what is refused past it. */
  public long waitingBytesLimit() {
    return waiting.total();
  }

  /** Shards and keys refused because the waiting budget (per node or in all) was full. */
  public long waitingRefused() {
    return waiting.refused();
  }

  /** Replies that answered no request this node sent to their sender (forged, or past their timeout). */
  public long unmatchedReplies() {
    return pending.unmatched();
  }

  /**
   * The link to {@code org}'s validator, dialled or accepted; with {@code fullNodesToo} and none linked, to one of its
   * full nodes (they stand in for the validator only as a shard's replica: they take no shard and
   * keep no key for others).
   */
  private Peer peerOf(String org, boolean fullNodesToo) {
    if (transport == null) {
      return null;
    }
    for (Peer p : transport.connectedPeers()) {
      if (org.equals(organisationOf(p.certificate())) && links.isValidator().test(p.certificate())) {
        return p;
      }
    }
    // A validator voted in dials the others before they dial it back (they redial with a backoff): its link in
    // carries vault frames as it carries consensus broadcasts.
    for (Peer p : transport.acceptedPeers()) {
      if (org.equals(organisationOf(p.certificate())) && links.isValidator().test(p.certificate())) {
        return p;
      }
    }
    if (fullNodesToo) {
      // Full nodes dial in; this node never dials them.
      for (Peer p : transport.acceptedPeers()) {
        if (org.equals(organisationOf(p.certificate())) && !links.isValidator().test(p.certificate())) {
          return p;
        }
      }
    }
    return null;
  }

  /** The live link presenting {@code certificate}, or null once it dropped or redialled with another. */
  private Peer linkWith(X509Certificate certificate) {
    List<Peer> live = new ArrayList<>(transport.connectedPeers());
    live.addAll(transport.acceptedPeers());
    for (Peer p : live) {
      if (p.certificate().equals(certificate)) {
        return p;
      }
    }
    return null;
  }

  static String organisationOf(X509Certificate cert) {
    org.bouncycastle.asn1.x500.X500Name n = org.bouncycastle.asn1.x500.X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    org.bouncycastle.asn1.x500.RDN[] rdns = n.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.O);
    return rdns.length == 0 ? "" : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdns[0].getFirst().getValue());
  }

  /** A frame of the vault topic from an authenticated peer node; handled off the network thread. */
  public void onMessage(Peer from, byte[] payload) {
    VaultMessage m;
    try {
      m = VaultMessage.decode(payload);
    } catch (DecodeException e) {
      LOG.warn("malformed vault frame from {}: {}", from, e.getMessage());
      return;
    }
    if (m instanceof VaultMessage.PutAck || m instanceof VaultMessage.ShardReply) {
      if (!pending.complete(org.medledger.crypto.x509.CertificateId.of(suite.hash(), from.certificate()), m)) {
        LOG.debug("vault reply {} from {} answers no request sent to it; dropped", m.request(), from);
      }
      return;
    }
    if (!links.isValidator().test(from.certificate())) {
      if (links.fullNode()) {
        LOG.debug("vault frame from {}, a full node, to a full node: dropped", from);
        return;
      }
      try {
        workers.execute(() -> reply(from, answerFullNode(organisationOf(from.certificate()), from, m)));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closing
      }
      return;
    }
    Runnable release = () -> { };
    if (m instanceof VaultMessage.PutShard || m instanceof VaultMessage.PutKey) {
      // What it carries stays in memory until answered (queued, or parked for its entry): bounded.
      String peer = organisationOf(from.certificate());
      long bytes = payload.length;
      Optional<String> full = waiting.reserve(peer, bytes);
      if (full.isPresent()) {
        LOG.warn("refused a vault frame of {} bytes from {}: {}", bytes, from, full.get());
        VaultMessage refusal = new VaultMessage.PutAck(m.request(), false, full.get());
        workers.execute(() -> reply(from, refusal));
        return;
      }
      release = () -> waiting.release(peer, bytes);
    }
    Runnable done = release;
    try {
      workers.execute(() -> handle(from, m, done));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      done.run(); // closing
    }
  }

  /** Answers a frame; {@code done} releases what it held of the waiting budget once it is answered. */
  private void handle(Peer from, VaultMessage m, Runnable done) {
    {
      // A shard or key placed while its ledger entry is still being committed waits for that entry (LedgerWaits).
      if (m instanceof VaultMessage.PutShard p) {
        ledgerWaits.whenLedgerHas(() -> documents.find(ledger.state(), p.record()).isPresent(), () -> {
          try {
            reply(from, accept(from, p));
          } finally {
            done.run();
          }
        });
      } else if (m instanceof VaultMessage.PutKey k) {
        ledgerWaits.whenLedgerHas(() -> documents.keyCommitment(ledger.state(), k.record(), k.reader()).isPresent(), () -> {
          try {
            reply(from, acceptKey(k));
          } finally {
            done.run();
          }
        });
      } else if (m instanceof VaultMessage.GetKey k) {
        reply(from, serveKey(k));
      } else {
        reply(from, serve((VaultMessage.GetShard) m));
      }
    }
  }

  private void reply(Peer to, VaultMessage reply) {
    byte[] frame = VaultMessage.encode(reply);
    long deadline = System.currentTimeMillis() + 10_000;
    // A busy link refuses a send; the reply is retried rather than lost.
    while (!to.send(Topic.VAULT, frame) && to.isConnected() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** How long a shard or key may wait for its ledger entry before it is refused. */
  static final long LEDGER_WAIT_MILLIS = 15_000;

  private final LedgerWaits ledgerWaits = new LedgerWaits(workers, LEDGER_WAIT_MILLIS, System::currentTimeMillis);

  private VaultMessage accept(Peer from, VaultMessage.PutShard p) {
    String fromOrg = organisationOf(from.certificate());
    Optional<VaultDocument> e = documents.find(ledger.state(), p.record());
    if (e.isEmpty()) {
      return new VaultMessage.PutAck(p.request(), false, "record " + p.record() + " is not on the ledger");
    }
    if (e.get().erased()) {
      return new VaultMessage.PutAck(p.request(), false, "record " + p.record() + " was erased");
    }
    if (!e.get().custodian().equals(fromOrg)) {
      return new VaultMessage.PutAck(p.request(), false, "only the custodian's node places shards of record " + p.record());
    }
    if (!placementAt(e.get().height()).holder(p.record(), p.index()).equals(organisation)) {
      return new VaultMessage.PutAck(p.request(), false, "shard " + p.index() + " is not " + organisation + "'s to hold");
    }
    ShardManifest m = ShardManifest.decode(e.get().manifest());
    if (p.index() >= m.totalShards() || !Hash.of(suite.hash().hash(p.shard())).equals(m.shardHashes().get(p.index()))) {
      return new VaultMessage.PutAck(p.request(), false, "shard " + p.index() + " does not match the manifest on the ledger");
    }
    Map<String, byte[]> keys = new java.util.TreeMap<>();
    for (VaultMessage.WrappedKey k : p.keys()) {
      Optional<Hash> commitment = documents.keyCommitment(ledger.state(), p.record(), k.reader());
      if (commitment.isEmpty() || !commitment.get().equals(hashOf(k.wrapped()))) {
        return new VaultMessage.PutAck(p.request(), false, "the ledger holds no such key for " + k.reader() + " of record " + p.record());
      }
      keys.put(k.reader(), k.wrapped());
    }
    try {
      shards.putWithKeys(p.record().toBytes(), p.index(), p.shard(), keys);
    } catch (RuntimeException diskFailure) {
      // A disk that is full or fails (ENOSPC, EIO): say so to the storing node at once, which
      // otherwise waits out its timeout and reports only silence. The file's path stays in this
      // node's log; the answer names the disk's reason.
      LOG.error("could not keep shard {} of record {}: {}", p.index(), p.record(), diskFailure.getMessage());
      return new VaultMessage.PutAck(p.request(), false, "could not keep shard " + p.index() + " of record " + p.record()
          + ": " + diskReason(diskFailure));
    }
    return new VaultMessage.PutAck(p.request(), true, "");
  }

  /** The innermost cause's reason (e.g. "No space left on device"), without this node's file paths. */
  private static String diskReason(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return String.valueOf(root.getMessage());
  }

  /**
   * What a validator answers a registered full node of {@code org}: it places nothing here (its
   * organisation's validator stores); it gets its own organisation's shard slot (its replica), the
   * others' only for a record {@code org} may read, and only keys wrapped for {@code org}'s nodes.
   */
  private VaultMessage answerFullNode(String org, Peer from, VaultMessage m) {
    if (m instanceof VaultMessage.PutShard || m instanceof VaultMessage.PutKey) {
      return new VaultMessage.PutAck(m.request(), false, "a full node places no shards or keys: store through a validator of "
          + org);
    }
    if (m instanceof VaultMessage.GetKey k) {
      if (!k.reader().equals("org:" + org)) {
        LOG.warn("refused {}, a full node of {}, the key of record {} wrapped for {}", from, org, k.record(), k.reader());
        return new VaultMessage.ShardReply(k.request(), VaultMessage.ShardReply.REFUSED, new byte[0]);
      }
      return serveKey(k);
    }
    VaultMessage.GetShard g = (VaultMessage.GetShard) m;
    Optional<String> refusal = fullNodeShardRefusal(org, g.record(), g.index());
    if (refusal.isPresent()) {
      LOG.warn("refused {}, a full node of {}, shard {} of record {}: {}", from, org, g.index(), g.record(), refusal.get());
      return new VaultMessage.ShardReply(g.request(), VaultMessage.ShardReply.REFUSED, new byte[0]);
    }
    return serve(g);
  }

  /**
   * Why a full node of {@code org} may not have shard {@code index} of {@code record}: none when it
   * is {@code org}'s slot (the replica it keeps), or {@code org} may read the record — its
   * custodian, or one the ledger commits a data key wrapped for {@code org}'s nodes to (after a
   * consented, audited read there). So it gathers no more than its organisation's validator could.
   */
  private Optional<String> fullNodeShardRefusal(String org, Hash record, int index) {
    Optional<VaultDocument> e = documents.find(ledger.state(), record);
    if (e.isEmpty()) {
      return Optional.of("record " + record + " is not on the ledger");
    }
    String holder = placementAt(e.get().height()).holder(record, index);
    if (holder.equals(org) || e.get().custodian().equals(org)
        || documents.keyCommitment(ledger.state(), record, "org:" + org).isPresent()) {
      return Optional.empty();
    }
    return Optional.of("the slot is " + holder + "'s and the ledger wraps the record's key for no node of " + org);
  }

  /** Keeps a wrapped key only when the committed ledger holds its hash for that record and reader. */
  private VaultMessage acceptKey(VaultMessage.PutKey k) {
    Optional<Hash> commitment = documents.keyCommitment(ledger.state(), k.record(), k.reader());
    if (commitment.isEmpty() || !commitment.get().equals(hashOf(k.wrapped()))) {
      return new VaultMessage.PutAck(k.request(), false, "the ledger holds no such key for " + k.reader() + " of record " + k.record());
    }
    shards.putWrappedKey(k.record().toBytes(), k.reader(), k.wrapped());
    return new VaultMessage.PutAck(k.request(), true, "");
  }

  private VaultMessage serveKey(VaultMessage.GetKey k) {
    Optional<VaultDocument> e = documents.find(ledger.state(), k.record());
    if (e.isPresent() && e.get().erased()) {
      return new VaultMessage.ShardReply(k.request(), VaultMessage.ShardReply.ERASED, new byte[0]);
    }
    Optional<Hash> commitment = documents.keyCommitment(ledger.state(), k.record(), k.reader());
    // only a key the ledger commits to: one kept ahead of its commitment is no one's yet
    return shards.wrappedKey(k.record().toBytes(), k.reader()).filter(w -> commitment.isPresent() && commitment.get().equals(hashOf(w)))
        .map(w -> new VaultMessage.ShardReply(k.request(), VaultMessage.ShardReply.FOUND, w))
        .orElse(new VaultMessage.ShardReply(k.request(), VaultMessage.ShardReply.MISSING, new byte[0]));
  }

  private final AtomicLong shardsServed = new AtomicLong();

  /** How many shards this node has sent to other nodes' fetches since it started. */
  public long shardsServed() {
    return shardsServed.get();
  }

  private VaultMessage serve(VaultMessage.GetShard g) {
    Optional<VaultDocument> e = documents.find(ledger.state(), g.record());
    if (e.isPresent() && e.get().erased()) {
      return new VaultMessage.ShardReply(g.request(), VaultMessage.ShardReply.ERASED, new byte[0]);
    }
    return shards.get(g.record().toBytes(), g.index())
        .map(s -> {
          shardsServed.incrementAndGet();
          return new VaultMessage.ShardReply(g.request(), VaultMessage.ShardReply.FOUND, s);
        })
        .orElse(new VaultMessage.ShardReply(g.request(), VaultMessage.ShardReply.MISSING, new byte[0]));
  }

  /**
   * Rebuilds the shards this node should hold and does not, or holds damaged (a replaced disk, a
   * file cut or altered): k shards from the others, decode, re-encode, keep its own index. Returns
   * how many were rebuilt.
   */
  public int repair() {
    return repair(0);
  }

  /**
   * The background repair leaves records younger than this alone: their shards may still be on
   * their way from the storing node, and rebuilding them then only races the store.
   */
  static final long BACKGROUND_REPAIR_MIN_AGE_MILLIS = 60_000;

  /** As {@link #repair()}, for records committed at least {@code minAgeMillis} ago. */
  public int repair(long minAgeMillis) {
    if (!links.keepsShards()) {
      return 0; // a full node without a shard store holds nothing to repair
    }
    long newest = clock.millis() - minAgeMillis;
    VaultDocuments.Scan scan = documents.scan(ledger.state());
    List<Hash> records = scan.documents();
    Map<String, String> skipped = new java.util.TreeMap<>(scan.undecodable());
    skipped.forEach((key, why) -> LOG.warn("record entry {} left out of the sweep: {}", key, why));
    int rebuilt = 0;
    for (Hash r : records) {
      // One bad record (a manifest that does not decode, a shard that cannot be rebuilt) is logged,
      // reported and skipped: it must not stop the repair and catch-up erasure of every record
      // after it (issue 22, finding 6: a hash of zeros sorts first).
      try {
        rebuilt += sweep(r, newest) ? 1 : 0;
      } catch (RuntimeException ex) {
        LOG.warn("sweep skipped record {}: {}", r, ex.toString());
        skipped.put("record/" + r.hex(), ex instanceof VaultException v ? v.code() + ": " + v.getMessage() : ex.toString());
      }
    }
    lastSweepSkipped = Map.copyOf(skipped);
    return rebuilt;
  }

  private volatile Map<String, String> lastSweepSkipped = Map.of();

  /**
   * The records the last repair sweep could not handle (its state key → why): an entry that does
   * not decode, or a manifest that does not; every other record was swept. The operator's report.
   */
  public Map<String, String> lastSweepSkipped() {
    return new java.util.TreeMap<>(lastSweepSkipped);
  }

  /** Erases what an erasure left here, or rebuilds this node's missing shard; true when it rebuilt one. */
  private boolean sweep(Hash r, long newest) {
    VaultDocument e = documents.find(ledger.state(), r).orElseThrow();
    if (e.erased()) {
      // An erasure this node missed (it was down, or stopped before its eraser ran) is done now.
      if (shards.holdsAnythingOf(r.toBytes())) {
        eraseHere(List.of(r));
      }
      return false;
    }
    int mine = placementAt(e.height()).indexHeldBy(r, organisation);
    if (mine < 0 || e.timestamp() > newest || (shards.has(r.toBytes(), mine) && !damagedHere(r, mine, e))) {
      return false;
    }
    ShardManifest m = ShardManifest.decode(e.manifest());
    if (links.fullNode()) {
      // The replica: its organisation's validator's shard, checked against the manifest; the
      // rebuild below only for a record this organisation may read (the validators refuse the rest).
      byte[] fromValidator = remoteShard(organisation, r, mine, false);
      if (fromValidator != null && mine < m.totalShards() && hashOf(fromValidator).equals(m.shardHashes().get(mine))) {
        shards.put(r.toBytes(), mine, fromValidator);
        return true;
      }
    }
    // A shard that cannot be rebuilt (too few good shards out there) throws to repair(), which
    // logs and reports it with the record and goes on to the next.
    byte[][] found = gathering.gather(r, m);
    DocumentSealer.Rebuilt sealed;
    DocumentSealer sealer = sealerFor(m.totalShards());
    try {
      sealed = sealer.rebuild(m, found);
    } catch (ShardsDisagreeException ex) {
      sealed = sealer.rebuild(m, gathering.gatherRest(r, m, found), true);
      reportDisagreeing(r, e, sealed.disagreeingShards());
    }
    ErasureCode code = new ErasureCode(m.dataShards(), m.totalShards());
    byte[] shard = code.encode(sealed.sealed())[mine];
    if (!Hash.of(suite.hash().hash(shard)).equals(m.shardHashes().get(mine))) {
      throw new VaultException("bad_shard", "shard " + mine + " rebuilt from the others does not match the manifest");
    }
    shards.put(r.toBytes(), mine, shard);
    return true;
  }

  /**
   * Whether this node's shard on disk no longer matches the manifest (a disk that cut or flipped
   * it): it is then rebuilt like a missing one, so each sweep reads and hashes the shards held
   * here, a scrub. A manifest that does not decode gives nothing to check against.
   */
  private boolean damagedHere(Hash r, int mine, VaultDocument e) {
    ShardManifest m;
    try {
      m = ShardManifest.decode(e.manifest());
    } catch (RuntimeException ex) {
      return false;
    }
    return shards.get(r.toBytes(), mine).filter(s -> hashOf(s).equals(m.shardHashes().get(mine))).isEmpty();
  }

  /** The shard indexes of a record this node holds on disk. */
  public List<Integer> heldShards(Hash record) {
    return shards.indexes(record.toBytes());
  }

  /** Nodes whose shards failed their hash, and how often: the bad-node report. */
  public Map<String, Integer> badShardReports() {
    return Map.copyOf(badShards);
  }

  @Override
  public void committed(Block block, List<TxOutcome> outcomes) {
    ledgerWaits.recheck();
    if (links.shardStore()) {
      replicateSoon();
    }
    int k = smallestCode();
    if (k < framesForDataShards && transport != null) {
      // A set with fewer data shards than any before makes larger shards: frames may grow to them.
      framesForDataShards = k;
      transport.limitFrames(Topic.VAULT, VaultMessage.maxFrameBytes(k));
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean replicaSweepQueued = new java.util.concurrent.atomic.AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger replicaRetries = new java.util.concurrent.atomic.AtomicInteger();

  /** A full node retries a replica its validator did not have yet (its shard still on its way) this often, for up to a minute. */
  static final long REPLICA_RETRY_MILLIS = 1_000;
  static final int REPLICA_RETRIES = 60;

  /**
   * A full node with a shard store copies its organisation's shard of new records as their blocks
   * arrive: one sweep queued at a time, none while one waits; the background repair covers the rest.
   */
  private void replicateSoon() {
    replicaRetries.set(0);
    queueReplicaSweep(0);
  }

  private void queueReplicaSweep(long afterMillis) {
    if (!replicaSweepQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      repairer.schedule(() -> {
        replicaSweepQueued.set(false);
        try {
          int copied = repair(0);
          if (copied > 0) {
            LOG.info("kept {} shard replica(s) of {}", copied, organisation);
          }
          if (!lastSweepSkipped.isEmpty() && replicaRetries.incrementAndGet() <= REPLICA_RETRIES) {
            queueReplicaSweep(REPLICA_RETRY_MILLIS);
          }
        } catch (RuntimeException e) {
          LOG.warn("shard replica sweep: {}", e.toString());
        }
      }, afterMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      replicaSweepQueued.set(false); // closing
    }
  }

  /** The data shards of the smallest code any recorded set uses, which the vault frame limit allows for. */
  private volatile int framesForDataShards;

  /**
   * As the custodian of each document {@code documents} lists, wraps its data key for {@code
   * organisation}'s node if it is not yet; in the background, the list too read there (the
   * application decides, on committed state, whom a key is owed).
   */
  public void shareKeysLater(String organisation, Supplier<List<Hash>> documents) {
    try {
      requesters.execute(() -> documents.get().forEach(d -> shareKey(d, organisation)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the key is wrapped on the next read after restart
    }
  }

  /**
   * Destroys this node's shards and wrapped keys of erased documents, in the background: shredding
   * files and compacting the keys away takes a while, and reads already answer "erased" from the
   * committed entry.
   */
  public void eraseLater(List<Hash> erased) {
    List<Hash> copy = List.copyOf(erased);
    try {
      eraser.execute(() -> eraseHere(copy));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing: the repair sweep erases them after restart
    }
  }

  /** As the record's custodian, wraps its data key for {@code reader}'s node if it is not yet. */
  void shareKey(Hash record, String reader) {
    if (links.fullNode()) {
      return; // the custodian's validator wraps keys, once per reader; its full nodes only read
    }
    Optional<VaultDocument> r = documents.find(ledger.state(), record);
    Optional<CertifiedEncryptionKey> readerNode = nodeKeyOf(reader);
    if (r.isEmpty() || readerNode.isEmpty() || !r.get().custodian().equals(organisation) || r.get().erased()
        || documents.keyCommitment(ledger.state(), record, "org:" + reader).isPresent()) {
      return;
    }
    try {
      byte[] dataKey = suite.keyWrap().unwrap(encryption().privateKey(), wrappedKey(record, "org:" + organisation).orElseThrow());
      // an honest custodian never passes on a key that is not the one its manifest commits to
      ShardManifest manifest = ShardManifest.decode(r.get().manifest());
      sealerFor(manifest.totalShards()).checkKey(manifest, dataKey);
      byte[] wrapped = suite.keyWrap().wrap(readerNode.get(), dataKey, random);
      // Kept here before the ledger commits its hash: the reader's node asks for the key as soon
      // as it sees the commitment, which may be before this node's own commit wait returns, and
      // then no node had it ("no node could give the data key … wrapped for org-1", the race that
      // made VaultNetworkTest fail now and then). serveKey gives it out only once committed.
      shards.putWrappedKey(record.toBytes(), "org:" + reader, wrapped);
      TxOutcome o = submitAndWait(nodeTx(documents.keyShare(record, "org:" + reader, hashOf(wrapped)))).outcome();
      if (!o.success()) {
        LOG.warn("sharing the key of record {} with {} failed: {}", record, reader, o.message());
        return;
      }
      List<String> missed = spreadKey(record, "org:" + reader, wrapped);
      if (!missed.isEmpty()) {
        LOG.warn("the key of record {} for {} did not reach {}", record, reader, missed);
      }
    } catch (RuntimeException | AeadException ex) {
      LOG.warn("sharing the key of record {} with {} failed: {}", record, reader, ex.toString());
    }
  }

  private final ExecutorService eraser = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "medledger-vault-erase");
    t.setDaemon(true);
    return t;
  });

  private void eraseHere(List<Hash> records) {
    if (records.isEmpty()) {
      return;
    }
    try {
      records.forEach(unplaced::erased);
      int n = shards.eraseAll(records.stream().map(Hash::toBytes).toList());
      LOG.info("erased {} shard(s) and the wrapped keys of {} record(s): {}", n, records.size(), records);
    } catch (RuntimeException ex) {
      // the background repair's sweep erases them again
      LOG.warn("erasing records {} failed: {}", records, ex.toString());
    }
  }

  /**
   * Where a record's shards are: the organisations of the validators in force at {@code height},
   * the height of the block that registered it (the genesis's on a chain whose set never changed),
   * in their set's order, rotated by the record hash. Every node computes the same from its ledger.
   */
  ShardPlacement placementAt(long height) {
    List<String> orgs = new ArrayList<>();
    for (ValidatorEntry v : ValidatorHistory.at(ledger.genesis(), ledger.state(), height)) {
      orgs.add(v.organisation());
    }
    return new ShardPlacement(orgs);
  }

  /** The placement of a registered record; the set of the next height for one the ledger does not hold. */
  private ShardPlacement placementOf(Hash record) {
    return placementAt(documents.find(ledger.state(), record).map(VaultDocument::height).orElse(ledger.height() + 1));
  }

  /** Who keeps a record's wrapped keys: its holders, and every validator's organisation now. */
  private java.util.SortedSet<String> keyHolders(ShardPlacement placement) {
    java.util.TreeSet<String> out = new java.util.TreeSet<>(placement.organisations());
    out.addAll(placementAt(ledger.height() + 1).organisations());
    return out;
  }

  /** The sealer of the code for {@code n} holders: k = n − f of n, so no f nodes (nor any k − 1) rebuild a record alone. */
  private synchronized DocumentSealer sealerFor(int n) {
    return sealers.computeIfAbsent(n, size -> new DocumentSealer(suite, new ErasureCode(size - (size - 1) / 3, size), random));
  }

  /** The fewest data shards of any set the ledger recorded: the largest shard, which bounds a vault frame. */
  private int smallestCode() {
    int k = Integer.MAX_VALUE;
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(ledger.genesis(), ledger.state())) {
      int n = t.validators().size();
      k = Math.min(k, n - (n - 1) / 3);
    }
    return k;
  }

  /**
   * The organisation's node encryption key, as its signing key certified it in the genesis, or for
   * an organisation whose validator was voted in, in the passed proposal the ledger recorded (its
   * latest set's entry); never the node key itself.
   */
  private Optional<CertifiedEncryptionKey> nodeKeyOf(String org) {
    CertifiedEncryptionKey fromGenesis = nodeEncryptionKeys.get(org);
    if (fromGenesis != null) {
      return Optional.of(fromGenesis);
    }
    List<ValidatorHistory.Transition> sets = ValidatorHistory.transitions(ledger.genesis(), ledger.state());
    for (int i = sets.size() - 1; i >= 0; i--) {
      for (ValidatorEntry v : sets.get(i).validators()) {
        if (v.organisation().equals(org)) {
          return Optional.of(ledger.genesis().encryptionKey(v));
        }
      }
    }
    return Optional.empty();
  }

  private Transaction nodeTx(LedgerCall call) {
    return transactions.sign(call.contract(), call.method(), call.args().toArray(new String[0]));
  }

  private CommitWaiters.Committed submitAndWait(Transaction tx) {
    return awaitCommit(submit(tx));
  }

  private CompletableFuture<CommitWaiters.Committed> submit(Transaction tx) {
    try {
      return transactions.submit(tx);
    } catch (NodeTransactions.NotCommitted e) {
      throw new VaultException("refused", e.getMessage());
    }
  }

  private static CommitWaiters.Committed awaitCommit(CompletableFuture<CommitWaiters.Committed> committed) {
    try {
      return NodeTransactions.await(committed);
    } catch (NodeTransactions.NotCommitted e) {
      throw new VaultException("unavailable", e.getMessage());
    }
  }

  @Override
  public void close() {
    repairer.shutdownNow();
    expiry.shutdownNow();
    eraser.shutdown();
    workers.shutdown();
    requesters.shutdownNow();
    try {
      // a shard being written finishes before its store closes
      workers.awaitTermination(10, TimeUnit.SECONDS);
      eraser.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shards.close();
  }

  private NodeEncryptionKey encryption() {
    Optional<NodeEncryptionKey> k;
    try {
      k = encryption.get();
    } catch (RuntimeException e) {
      throw new IllegalStateException("this node's encryption key cannot be used: " + e.getMessage(), e);
    }
    return k.orElseThrow(() -> new IllegalStateException("this node's encryption key is certified neither by the genesis"
        + " nor by a passed add-validator proposal on this node's ledger (docs/governance.md): it keeps no custodial data keys"));
  }

  /** Whether this node holds an encryption key the ledger certifies, so it may keep custodial data keys. */
  public boolean hasCustodialKey() {
    try {
      return encryption.get().isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }
}
