package org.medledger.core.refusals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.DeclaredContract;
import org.medledger.core.runtime.MethodTable;
import org.medledger.core.runtime.Roles;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.runtime.Weight;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * Each node's commitment to its own refusal log (docs/security.md, "Refused requests"): {@code
 * anchor} records the log's head — the last entry's number and hash, and the times the entries
 * since the last anchor span — signed by the node itself. The log stays off the ledger (who sent a
 * refused request is unverified, and a patient's audit must not be floodable); what the ledger
 * holds is enough for anyone to tell, later, whether the node still serves the log it committed
 * to. So only a node anchors, only its own log ({@code node} must be the signer: another
 * organisation's node, or any admin, cannot write a head for it), and a head never moves back
 * (a log only grows: an anchor at or below the node's previous one is refused).
 *
 * <p>It runs only on a chain founded at protocol version {@link #FIRST_GENESIS_PROTOCOL_VERSION}
 * or later ({@link #runsOn}): no release before this contract can run such a chain, so no validator
 * of an earlier release ever executes an anchor as a transaction to an unknown contract while one
 * of this release records it, which would split their histories. A chain founded earlier gets
 * anchors only from a protocol version that brings them (none yet).
 */
public final class RefusalLogAnchorContract extends DeclaredContract {
  public static final String NAME = "refusal-anchors";
  /** The genesis protocol version from which a chain runs this contract. */
  public static final int FIRST_GENESIS_PROTOCOL_VERSION = 2;
  public static final String ANCHOR = "anchor";

  /** Whether a chain founded by {@code genesis} runs this contract. */
  public static boolean runsOn(org.medledger.core.genesis.Genesis genesis) {
    return genesis.protocolVersion() >= FIRST_GENESIS_PROTOCOL_VERSION;
  }
  private static final String ANCHOR_PREFIX = "anchor/";
  private static final String COUNT_PREFIX = "count/";
  /** A decimal without sign, leading zero or more digits than a u64 can hold in Java's long. */
  private static final Pattern NUMBER = Pattern.compile("0|[1-9][0-9]{0,17}");

  @Override
  public String name() {
    return NAME;
  }

  /** The shapes of its keys (docs/receipts.md, "State keys"); a proof of absence is given only for these. */
  @Override
  public List<org.medledger.core.runtime.StateKeyForm> stateKeyForms() {
    return org.medledger.core.runtime.StateKeyForm.of("anchor/{hash}/{index}", "count/{hash}");
  }

  private static final Arg<Hash> NODE = Arg.hash("node", "the anchoring node's certificate id (64 hex)");
  private static final Arg<Long> SEQUENCE = number("sequence");
  private static final Arg<Hash> HEAD = Arg.hash("head", "the hash of the log's last entry (64 hex)");
  private static final Arg<Long> FROM = number("from");
  private static final Arg<Long> TO = number("to");

  /** A node certificate only; that it is the anchoring node's is the contract's own check. */
  private final MethodTable methods = MethodTable.of(NAME)
      .tx(ANCHOR, Roles.of("node"), Weight.ONE, this::anchor, NODE, SEQUENCE, HEAD, FROM, TO)
      .query("latest", this::latestQuery, NODE)
      .build();

  @Override
  protected MethodTable methods() {
    return methods;
  }

  private void anchor(ContractContext ctx) throws ContractException {
    Hash node = NODE.in(ctx);
    if (!node.equals(ctx.caller().certificateId())) {
      throw new ContractException("not_this_node", "a node anchors its own refusal log only: " + ctx.caller().name() + " of "
          + ctx.caller().organisation() + " (" + ctx.caller().certificateId() + ") signed an anchor for node " + node);
    }
    long sequence = SEQUENCE.in(ctx);
    long from = FROM.in(ctx);
    long to = TO.in(ctx);
    if (sequence < 1) {
      throw new ContractException("invalid_argument", "sequence is the number of the log's last entry, 1 or more");
    }
    if (from > to) {
      throw new ContractException("invalid_argument", "from (" + from + ") is after to (" + to + ")");
    }
    long count = count(ctx.get(countKey(node)));
    if (count > 0) {
      RefusalLogAnchor previous = RefusalLogAnchor.decode(ctx.get(anchorKey(node, count - 1)));
      if (sequence <= previous.sequence()) {
        throw new ContractException("not_after_previous", "node " + node + " anchored its refusal log at entry "
            + previous.sequence() + " in block " + previous.height() + "; a log only grows, so an anchor at entry " + sequence
            + " is refused");
      }
    }
    RefusalLogAnchor a = new RefusalLogAnchor(node, count, sequence, HEAD.in(ctx), from, to, ctx.blockHeight(),
        ctx.transactionId());
    ctx.put(anchorKey(node, count), a.encode());
    ctx.put(countKey(node), new CanonicalWriter(8).u64(count + 1).toByteArray());
    ctx.emit("RefusalLogAnchored", Args.of("node", node.hex(), "sequence", Long.toString(sequence)));
  }

  private static Arg<Long> number(String name) {
    return Arg.of(name, "count", v -> {
      if (!NUMBER.matcher(v).matches()) {
        throw new ContractException("invalid_argument", name + " must be a decimal number without sign or leading zero: " + v);
      }
      return Long.parseLong(v);
    });
  }

  private java.util.SortedMap<String, String> latestQuery(StateReader state, Args args) throws ContractException {
    Hash node = NODE.inQuery(args);
    Optional<RefusalLogAnchor> a = latest(state, node);
    if (a.isEmpty()) {
      throw new ContractException("not_found", "node " + node + " has anchored no refusal log");
    }
    return view(a.get());
  }

  private static java.util.SortedMap<String, String> view(RefusalLogAnchor a) {
    java.util.SortedMap<String, String> m = new TreeMap<>();
    m.put("node", a.node().hex());
    m.put("index", Long.toString(a.index()));
    m.put("sequence", Long.toString(a.sequence()));
    m.put("head", a.head().hex());
    m.put("from", Long.toString(a.fromMillis()));
    m.put("to", Long.toString(a.toMillis()));
    m.put("height", Long.toString(a.height()));
    m.put("transaction", a.transaction().hex());
    return m;
  }

  static String anchorKey(Hash node, long index) {
    // Locale.ROOT: a locale's own digits in a state key would split the network.
    return ANCHOR_PREFIX + node.hex() + "/" + String.format(Locale.ROOT, "%016x", index);
  }

  static String countKey(Hash node) {
    return COUNT_PREFIX + node.hex();
  }

  private static long count(byte[] stored) {
    return stored == null ? 0 : new CanonicalReader(stored).u64("refusal anchor count");
  }

  /** How many anchors node {@code node} has on the ledger. */
  public static long count(StateReader state, Hash node) {
    return count(state.get(StateKeys.of(NAME, countKey(node))));
  }

  /** Node {@code node}'s anchor number {@code index} (from 0), if it has one. */
  public static Optional<RefusalLogAnchor> anchor(StateReader state, Hash node, long index) {
    byte[] v = index < 0 ? null : state.get(StateKeys.of(NAME, anchorKey(node, index)));
    return v == null ? Optional.empty() : Optional.of(RefusalLogAnchor.decode(v));
  }

  /** Its latest anchor. */
  public static Optional<RefusalLogAnchor> latest(StateReader state, Hash node) {
    return anchor(state, node, count(state, node) - 1);
  }

  /** Its anchors from number {@code from} on, oldest first, at most {@code limit}. */
  public static List<RefusalLogAnchor> list(StateReader state, Hash node, long from, int limit) {
    List<RefusalLogAnchor> out = new ArrayList<>();
    long total = count(state, node);
    for (long i = Math.max(0, from); i < total && out.size() < limit; i++) {
      anchor(state, node, i).ifPresent(out::add);
    }
    return out;
  }
}
