package org.medledger.node.ui;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.medledger.core.block.Block;
import org.medledger.core.block.CommitSeal;
import org.medledger.core.block.SignedHeader;
import org.medledger.core.genesis.ValidatorEntry;
import org.medledger.core.governance.ValidatorHistory;
import org.medledger.core.runtime.Caller;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.CertificateId;
import org.medledger.crypto.x509.Pem;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.CommittedTransaction;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ui.view.BlockRow;
import org.medledger.node.ui.view.BlockView;
import org.medledger.node.ui.view.BlocksView;
import org.medledger.node.ui.view.DashboardView;
import org.medledger.node.ui.view.TransactionView;
import org.medledger.node.ui.view.TxRow;
import org.medledger.node.ui.view.ValidatorRow;

/**
 * What the explorer shows, read from the ledger the API reads (never through HTTP): the head, the
 * pace, validators' seals, blocks and transactions. A transaction an application's metadata rule
 * hides from the member is shown as the API shows it: its id only.
 */
final class ExplorerQueries {
  static final int PAGE = 20;
  /** Blocks whose commit certificates count a validator's missed seals. */
  static final int RECENT = 100;
  /** The longest walk back for the last minute's pace (a minute of blocks at 80 a second). */
  private static final int MAX_MINUTE_BLOCKS = 5_000;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Ledger ledger;
  private final Clock clock;
  private final Supplier<List<MetadataRule>> rules;
  private final BlockHashIndex hashes;

  ExplorerQueries(Ledger ledger, Clock clock, Supplier<List<MetadataRule>> rules) {
    this.ledger = ledger;
    this.clock = clock;
    this.rules = rules;
    this.hashes = new BlockHashIndex(ledger);
  }

  DashboardView dashboard(int mempool, int peersLinked) {
    long head = ledger.height();
    long now = clock.millis();
    SignedHeader top = ledger.headSignedHeader();
    String age = head == 0 ? "no block yet after the genesis" : age(now - top.header().timestamp());
    long since = now - 60_000;
    long txs = 0;
    for (long h = head, seen = 0; h >= 1 && seen < MAX_MINUTE_BLOCKS; h--, seen++) {
      var header = ledger.signedHeader(h).orElseThrow().header();
      if (header.timestamp() < since) {
        break;
      }
      txs += header.txCount();
    }
    // Tenths by integer arithmetic: the same figure on every node for the same chain and clock.
    long tenths = txs * 10 / 60;
    String tps = (tenths / 10) + "." + (tenths % 10);
    return new DashboardView(ledger.genesis().chainId(), head, age, tps, txs, mempool, peersLinked, validators());
  }

  List<ValidatorRow> validators() {
    long head = ledger.height();
    return validatorRows(ValidatorHistory.transitions(ledger.genesis(), ledger.state()), head, RECENT,
        h -> sealersAt(h), ledger.genesis().cryptoSuite().hash());
  }

  private Set<Hash> sealersAt(long height) {
    Set<Hash> sealed = new java.util.TreeSet<>();
    for (CommitSeal s : ledger.signedHeader(height).orElseThrow().certificate().seals()) {
      sealed.add(s.validator());
    }
    return sealed;
  }

  /**
   * The validators in force for the next block (the ledger's set after any change, in id order, the
   * order the engine indexes them), each with its seal on block {@code head} and, over the
   * {@code window} newest blocks, how many of those it was in force at lacked its seal: a
   * validator voted in is not charged for blocks before its height, nor is one voted out listed.
   */
  static List<ValidatorRow> validatorRows(List<ValidatorHistory.Transition> sets, long head, int window,
      java.util.function.LongFunction<Set<Hash>> sealedAt, org.medledger.crypto.HashFunction hash) {
    Map<Hash, ValidatorEntry> current = idsOf(ValidatorHistory.inForce(sets, head + 1).validators(), hash);
    Map<Hash, Integer> missed = new TreeMap<>();
    Map<Hash, Integer> counted = new TreeMap<>();
    current.keySet().forEach(id -> {
      missed.put(id, 0);
      counted.put(id, 0);
    });
    Set<Hash> latest = head >= 1 ? sealedAt.apply(head) : Set.of();
    for (long h = head, seen = 0; h >= 1 && seen < window; h--, seen++) {
      Set<Hash> sealed = sealedAt.apply(h);
      Set<Hash> inForce = idsOf(ValidatorHistory.inForce(sets, h).validators(), hash).keySet();
      for (Hash id : current.keySet()) {
        if (inForce.contains(id)) {
          counted.merge(id, 1, Integer::sum);
          if (!sealed.contains(id)) {
            missed.merge(id, 1, Integer::sum);
          }
        }
      }
    }
    List<ValidatorRow> rows = new ArrayList<>();
    for (var e : current.entrySet()) {
      rows.add(new ValidatorRow(e.getValue().name(), e.getValue().organisation(), e.getKey().hex(),
          latest.contains(e.getKey()), missed.get(e.getKey()), counted.get(e.getKey())));
    }
    return rows;
  }

  private static Map<Hash, ValidatorEntry> idsOf(List<ValidatorEntry> validators, org.medledger.crypto.HashFunction hash) {
    Map<Hash, ValidatorEntry> out = new TreeMap<>();
    for (ValidatorEntry v : validators) {
      out.put(CertificateId.of(hash, Pem.parseCertificate(v.nodeCertificatePem())), v);
    }
    return out;
  }

  /** Up to {@link #PAGE} blocks below {@code before} (exclusive), newest first; {@code before} past the head means from the head. */
  BlocksView blocks(long before, int maxExport) {
    long head = ledger.height();
    long top = Math.min(before - 1, head);
    if (top < 0) {
      throw new IllegalArgumentException("'before' must be 1 or more; the chain's first block is at height 0");
    }
    List<BlockRow> rows = new ArrayList<>();
    long h = top;
    for (; h >= 0 && rows.size() < PAGE; h--) {
      SignedHeader sh = ledger.signedHeader(h).orElseThrow();
      rows.add(new BlockRow(h, time(sh.header().timestamp()), sh.header().hash(ledger.hashFunction()).hex(),
          sh.header().txCount(), h == 0 ? "genesis" : validatorName(sh.header().proposer())));
    }
    long newer = top >= head ? -1 : Math.min(head + 1, top + 1 + PAGE);
    long older = h >= 0 ? h + 1 : -1;
    return new BlocksView(head, rows, newer, older, maxExport);
  }

  Optional<BlockView> block(long height, Identity member) {
    Optional<Block> found = ledger.block(height);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Block b = found.get();
    var header = b.header();
    List<String> signers = new ArrayList<>();
    for (CommitSeal s : b.certificate().seals()) {
      signers.add(validatorName(s.validator()));
    }
    List<TxRow> txs = new ArrayList<>();
    int index = 0;
    for (Transaction t : b.transactions()) {
      Hash id = t.id(ledger.hashFunction());
      Optional<CommittedTransaction> ct = ledger.transaction(id);
      if (ct.isPresent() && maySee(member, t)) {
        var o = ct.get().outcome();
        txs.add(new TxRow(index, id.hex(), true, t.contract(), t.method(), o.success(), o.code()));
      } else {
        txs.add(new TxRow(index, id.hex(), false, "", "", false, ""));
      }
      index++;
    }
    return Optional.of(new BlockView(height, ledger.height(), header.hash(ledger.hashFunction()).hex(),
        header.previousHash().hex(), time(header.timestamp()), height == 0 ? "genesis" : validatorName(header.proposer()),
        header.txRoot().hex(), header.stateRoot().hex(), header.logRoot().hex(), header.logSize(),
        b.certificate().round(), signers, txs));
  }

  /** A committed transaction the member may see (every metadata rule); empty as if never committed otherwise. */
  Optional<CommittedTransaction> visibleTransaction(Hash id, Identity member) {
    return ledger.transaction(id).filter(ct -> maySee(member, ct.transaction()));
  }

  Optional<TransactionView> transaction(Hash id, Identity member) {
    return visibleTransaction(id, member).map(ct -> {
      Transaction t = ct.transaction();
      return new TransactionView(id.hex(), ct.height(), ct.index(), ct.leafIndex(), t.contract(), t.method(),
          t.sender().hex(), t.nonce(), time(t.timestamp()), ct.outcome().success(), ct.outcome().code(),
          ct.outcome().message(), "/ui/tx/" + id.hex() + "/receipt.json");
    });
  }

  /**
   * Where a search leads: a height, a transaction id, a block hash, each to its page; empty when
   * the ledger holds nothing the member may see by that name.
   */
  Optional<String> search(String query, Identity member) {
    String q = query == null ? "" : query.strip();
    if (q.matches("[0-9]{1,18}")) {
      long h = Long.parseLong(q);
      return h <= ledger.height() ? Optional.of("/ui/blocks/" + h) : Optional.empty();
    }
    if (q.matches("(?i)(0x)?[0-9a-f]{64}")) {
      Hash hash = Hash.fromHex(q.toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", ""));
      if (visibleTransaction(hash, member).isPresent()) {
        return Optional.of("/ui/tx/" + hash.hex());
      }
      return hashes.heightOf(hash).map(h -> "/ui/blocks/" + h);
    }
    return Optional.empty();
  }

  boolean maySee(Identity member, Transaction tx) {
    Caller caller = new Caller(member.certificateId(), member.organisation(), member.role(), member.name());
    var state = ledger.state();
    return rules.get().stream().allMatch(r -> r.maySee(state, caller, tx));
  }

  /** A sealer's name: by any set the ledger recorded (the genesis's, one voted in, one removed since). */
  String validatorName(Hash id) {
    ValidatorEntry v = null;
    for (ValidatorHistory.Transition t : ValidatorHistory.transitions(ledger.genesis(), ledger.state())) {
      v = idsOf(t.validators(), ledger.genesis().cryptoSuite().hash()).getOrDefault(id, v);
    }
    return v == null ? id.hex().substring(0, 16) + "…" : v.name() + " (" + v.organisation() + ")";
  }

  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  static String age(long millis) {
    long s = Math.max(0, millis / 1000);
    if (s < 120) {
      return s + " s ago";
    }
    if (s < 7_200) {
      return (s / 60) + " min ago";
    }
    if (s < 172_800) {
      return (s / 3_600) + " h ago";
    }
    return (s / 86_400) + " days ago";
  }
}
