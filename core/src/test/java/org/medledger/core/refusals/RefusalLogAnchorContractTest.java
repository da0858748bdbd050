package org.medledger.core.refusals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.runtime.BlockExecutor;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.ExecutionResult;
import org.medledger.core.runtime.InMemoryState;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.CryptoSuite;
import org.medledger.crypto.CryptoSuites;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Signer;

/**
 * {@code refusal-anchors.anchor} through the block executor: a node anchors its own log's head,
 * and every member who would cheat with it is refused by name — another organisation's node
 * writing a head for node 0, node 0's own admin, a regulator, node 0 itself moving its head back
 * or standing still — and the values are checked (no sign, no leading zero, a time range in order).
 */
class RefusalLogAnchorContractTest {
  static final CryptoSuite SUITE = CryptoSuites.intl();
  static final long T0 = 1_765_000_000_000L;

  final Map<Hash, Caller> callers = new TreeMap<>();
  final Caller node0 = member("hospital-a", "node", "hospital-a-node");
  final Caller node1 = member("hospital-b", "node", "hospital-b-node");
  final Caller admin0 = member("hospital-a", "admin", "admin-a");
  final Caller regulator = member("regulator", "regulator", "inspector");
  final Signer key = SUITE.signatures().signer(SUITE.signatures().generateKeyPair(new java.security.SecureRandom()));
  final InMemoryState state = new InMemoryState();
  final BlockExecutor executor = new BlockExecutor(new ContractRegistry().register(new RefusalLogAnchorContract()), SUITE.hash(),
      (tx, s) -> Optional.ofNullable(callers.get(tx.sender())).orElseThrow(() -> new ContractException("unknown_sender", "?")),
      ChainParameters.DEFAULTS);
  long height = 10;
  long nonce;

  Caller member(String organisation, String role, String name) {
    Caller c = new Caller(hash(name), organisation, role, name);
    callers.put(c.certificateId(), c);
    return c;
  }

  static Hash hash(String s) {
    return Hash.of(SUITE.hash().hash(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  TxOutcome anchor(Caller by, Hash node, String sequence, Hash head, String from, String to) {
    Transaction tx = new Transaction.Payload("intl", "anchor-test", by.certificateId(), ++nonce, T0, RefusalLogAnchorContract.NAME,
        RefusalLogAnchorContract.ANCHOR, Args.of("node", node.hex(), "sequence", sequence, "head", head.hex(), "from", from,
            "to", to)).sign(key);
    ExecutionResult r = executor.execute(state, ++height, T0, List.of(tx));
    state.apply(r.writes());
    return r.outcomes().get(0);
  }

  TxOutcome anchor(Caller by, Hash node, long sequence, Hash head) {
    return anchor(by, node, Long.toString(sequence), head, Long.toString(T0 - 5_000), Long.toString(T0 - 1_000));
  }

  static void ok(TxOutcome o) {
    assertThat(o.success()).as(o.code() + ": " + o.message()).isTrue();
  }

  @Test
  void aNodeAnchorsItsOwnHeadsEachPastTheLast() {
    Hash node = node0.certificateId();
    ok(anchor(node0, node, 3, hash("head-3")));
    long firstHeight = height;
    ok(anchor(node0, node, 7, hash("head-7")));
    assertThat(RefusalLogAnchorContract.count(state, node)).isEqualTo(2);
    RefusalLogAnchor latest = RefusalLogAnchorContract.latest(state, node).orElseThrow();
    assertThat(latest.index()).isEqualTo(1);
    assertThat(latest.sequence()).isEqualTo(7);
    assertThat(latest.head()).isEqualTo(hash("head-7"));
    assertThat(latest.fromMillis()).isEqualTo(T0 - 5_000);
    assertThat(latest.toMillis()).isEqualTo(T0 - 1_000);
    assertThat(latest.height()).isEqualTo(height);
    assertThat(RefusalLogAnchorContract.list(state, node, 0, 10)).extracting(RefusalLogAnchor::sequence).containsExactly(3L, 7L);
    assertThat(RefusalLogAnchorContract.anchor(state, node, 0).orElseThrow().height()).isEqualTo(firstHeight);
    assertThat(RefusalLogAnchor.decode(latest.encode())).isEqualTo(latest);
    // Another node's anchors are its own: node 1 starts at its own first, whatever node 0 anchored.
    ok(anchor(node1, node1.certificateId(), 1, hash("b-1")));
    assertThat(RefusalLogAnchorContract.count(state, node1.certificateId())).isEqualTo(1);
    assertThat(RefusalLogAnchorContract.count(state, node)).isEqualTo(2);
  }

  @Test
  void noOneButTheNodeItselfAnchorsItsLog() {
    Hash node = node0.certificateId();
    ok(anchor(node0, node, 5, hash("head-5")));
    // Another organisation's node claims a head for node 0 (a shorter, friendlier log).
    TxOutcome other = anchor(node1, node, 9, hash("forged"));
    assertThat(other.code()).isEqualTo("not_this_node");
    assertThat(other.message()).contains("hospital-b-node").contains(node.hex());
    // Node 0's own organisation's admin, and a regulator: not a node at all.
    assertThat(anchor(admin0, node, 9, hash("forged")).code()).isEqualTo("forbidden");
    assertThat(anchor(regulator, node, 9, hash("forged")).code()).isEqualTo("forbidden");
    assertThat(RefusalLogAnchorContract.latest(state, node).orElseThrow().head()).isEqualTo(hash("head-5"));
    assertThat(RefusalLogAnchorContract.count(state, node)).isEqualTo(1);
  }

  @Test
  void aHeadNeverMovesBack() {
    Hash node = node0.certificateId();
    ok(anchor(node0, node, 10, hash("head-10")));
    TxOutcome back = anchor(node0, node, 4, hash("rewritten-4"));
    assertThat(back.code()).isEqualTo("not_after_previous");
    assertThat(back.message()).contains("entry 10").contains("entry 4");
    // Standing still with another hash is a rewrite too.
    assertThat(anchor(node0, node, 10, hash("rewritten-10")).code()).isEqualTo("not_after_previous");
    assertThat(RefusalLogAnchorContract.count(state, node)).isEqualTo(1);
    ok(anchor(node0, node, 11, hash("head-11")));
  }

  @Test
  void valuesAreCheckedByName() {
    Hash node = node0.certificateId();
    Hash h = hash("h");
    for (String bad : List.of("0", "-1", "+5", "05", "1e3", "99999999999999999999")) {
      assertThat(anchor(node0, node, bad, h, "1", "2").code()).as(bad).isEqualTo("invalid_argument");
    }
    assertThat(anchor(node0, node, "", h, "1", "2").code()).isEqualTo("missing_argument");
    assertThat(anchor(node0, node, "3", h, "20", "10").message()).contains("from (20) is after to (10)");
    assertThat(anchor(node0, node, "3", h, "x", "10").message()).contains("from");
    assertThat(RefusalLogAnchorContract.count(state, node)).isZero();
    ok(anchor(node0, node, "3", h, "10", "10"));
  }
}
