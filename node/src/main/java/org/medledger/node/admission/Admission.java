package org.medledger.node.admission;

import java.util.Optional;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.SystemKeys;
import org.medledger.core.runtime.WorkLimits;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.mempool.PendingTransaction;

/**
 * The one gate into the mempool. Every check that needs no ordering happens here, once per
 * transaction, on the caller's thread (so signature checks spread over all cores): size,
 * encoding, suite, chain, sender standing, signature, and replay against committed state. What
 * depends on order (a nonce used by a transaction in the same block) is decided at execution.
 */
public final class Admission {
  private final Genesis genesis;
  private final HashFunction hash;
  private final Ledger ledger;
  private final Mempool mempool;
  private final SenderDirectory senders;
  private final ContractRegistry contracts;
  private volatile java.util.function.Consumer<Transaction> onAdmitted = tx -> { };

  public Admission(Ledger ledger, Mempool mempool, SenderDirectory senders, ContractRegistry contracts) {
    this.genesis = ledger.genesis();
    this.hash = genesis.cryptoSuite().hash();
    this.ledger = ledger;
    this.mempool = mempool;
    this.senders = senders;
    this.contracts = contracts;
  }

  /** Told of each transaction a client submitted here and this node admitted (for gossip). */
  public void onAdmitted(java.util.function.Consumer<Transaction> listener) {
    this.onAdmitted = listener;
  }

  /** Told the reason of each transaction this node refused (for the rejection counters in /metrics). */
  public void onRefused(java.util.function.Consumer<Rejection.Code> listener) {
    this.onRefused = listener;
  }

  private volatile java.util.function.Consumer<Rejection.Code> onRefused = code -> { };

  public AdmissionResult submit(byte[] encoded) {
    return submit(encoded, true);
  }

  /** A transaction another node admitted and passed on: checked the same, but not passed on again. */
  public AdmissionResult submitFromPeer(byte[] encoded) {
    return submit(encoded, false);
  }

  private AdmissionResult submit(byte[] encoded, boolean local) {
    int limit = ledger.parameters().maxTransactionBytes();
    if (encoded.length > limit) {
      return refuse(Rejection.Code.OVERSIZE, "transaction is " + encoded.length + " bytes; the limit is " + limit);
    }
    Transaction tx;
    try {
      tx = Transaction.decode(encoded);
    } catch (DecodeException | IllegalArgumentException e) {
      return refuse(Rejection.Code.MALFORMED, "transaction bytes do not decode: " + e.getMessage());
    }
    return local ? submit(tx) : check(tx);
  }

  /**
   * Admits many transactions in order, on the caller's thread. Concurrent requests already
   * spread over the server's threads; a parallel stream here made those threads spin waiting
   * for each other's fork-join tasks (seen in the profile), so this stays sequential.
   */
  public java.util.List<AdmissionResult> submitAll(java.util.List<byte[]> encoded) {
    java.util.List<AdmissionResult> results = new java.util.ArrayList<>(encoded.size());
    for (byte[] tx : encoded) {
      results.add(submit(tx));
    }
    return results;
  }

  public AdmissionResult submit(Transaction tx) {
    AdmissionResult r = check(tx);
    if (r instanceof AdmissionResult.Accepted) {
      onAdmitted.accept(tx);
    }
    return r;
  }

  /**
   * Whether a transaction in a proposed block passes the checks that need no order (sender
   * standing and signature), for those this node has not admitted itself.
   */
  public Optional<Rejection> checkSignature(Transaction tx) {
    Optional<SenderDirectory.Sender> sender = senders.sender(tx);
    if (sender.isEmpty()) {
      return Optional.of(new Rejection(Rejection.Code.UNKNOWN_SENDER, "sender certificate " + tx.sender() + " is not registered"));
    }
    if (sender.get().revoked()) {
      return Optional.of(new Rejection(Rejection.Code.REVOKED_SENDER, "sender certificate " + tx.sender() + " is revoked"));
    }
    if (!sender.get().verifier().verify(tx.payloadBytes(), tx.signature())) {
      return Optional.of(new Rejection(Rejection.Code.BAD_SIGNATURE, "signature does not verify"));
    }
    return Optional.empty();
  }

  private AdmissionResult check(Transaction tx) {
    if (!tx.suite().equals(genesis.suite())) {
      return refuse(Rejection.Code.WRONG_SUITE, "transaction uses suite '" + tx.suite() + "' but this network uses '" + genesis.suite() + "'");
    }
    if (!tx.chainId().equals(genesis.chainId())) {
      return refuse(Rejection.Code.WRONG_CHAIN, "transaction is for chain '" + tx.chainId() + "', this is '" + genesis.chainId() + "'");
    }
    if (contracts.find(tx.contract()).isEmpty()) {
      return refuse(Rejection.Code.UNKNOWN_CONTRACT, "no contract named '" + tx.contract() + "'");
    }
    long weight = ledger.weight(tx);
    if (weight > WorkLimits.MAX_TRANSACTION_WORK) {
      return refuse(Rejection.Code.TOO_HEAVY, "transaction " + tx.contract() + "." + tx.method() + " weighs " + weight
          + " (state keys it would touch); the limit for one transaction is " + WorkLimits.MAX_TRANSACTION_WORK
          + ": split it into several");
    }
    Hash id = tx.id(hash);
    if (mempool.knows(id)) {
      // Before the signature check: gossip and client retries resend what is pending or just committed.
      return refuse(Rejection.Code.DUPLICATE, "transaction " + id + " is already pending or committed");
    }
    Optional<SenderDirectory.Sender> sender = senders.sender(tx);
    if (sender.isEmpty()) {
      return refuse(Rejection.Code.UNKNOWN_SENDER, "sender certificate " + tx.sender() + " is not registered on this network");
    }
    if (sender.get().revoked()) {
      return refuse(Rejection.Code.REVOKED_SENDER, "sender certificate " + tx.sender() + " is revoked");
    }
    if (!sender.get().verifier().verify(tx.payloadBytes(), tx.signature())) {
      return refuse(Rejection.Code.BAD_SIGNATURE, "signature does not verify with the sender's certificate key");
    }
    if (ledger.state().get(SystemKeys.nonce(tx.sender(), tx.nonce())) != null) {
      boolean same = ledger.transaction(id).isPresent();
      return refuse(same ? Rejection.Code.DUPLICATE : Rejection.Code.REPLAYED_NONCE,
          same ? "transaction " + id + " is already committed"
              : "nonce " + Long.toUnsignedString(tx.nonce()) + " of this sender was already used");
    }
    return switch (mempool.add(new PendingTransaction(tx, id, System.nanoTime()))) {
      case ADDED -> new AdmissionResult.Accepted(id);
      case DUPLICATE -> refuse(Rejection.Code.DUPLICATE, "transaction " + id + " is already pending");
      case FULL -> refuse(Rejection.Code.MEMPOOL_FULL,
          "the node is busy (mempool full; what is left is kept for access events); retry shortly");
      case SENDER_QUOTA -> refuse(Rejection.Code.SENDER_QUOTA, "sender " + tx.sender() + " already has "
          + mempool.budget().senderBytes() + " bytes of transactions pending here, its share of the mempool;"
          + " wait for them to commit, then retry");
    };
  }

  private AdmissionResult refuse(Rejection.Code code, String message) {
    onRefused.accept(code);
    return new AdmissionResult.Refused(new Rejection(code, message));
  }
}
