package org.medledger.node.ui;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitWaiters;

/**
 * The sign-then-submit shape of a member's own acts in the portal (an assessor's claim decision, a
 * regulator's credential issue, a sponsor's trial registration), shared by every application that
 * has them: the node prepares a transaction of one contract naming the member as sender with a
 * fresh nonce, her browser shows and signs its bytes with her key file ({@code
 * /ui/static/sign-statement.js}, kind {@code transaction}), and only the signature comes back; the
 * node then checks the transaction is hers, on this network, and one of the methods the page
 * offers, submits it and waits for its block. The contract still decides whether she may.
 */
public final class BrowserSignedTransactions {
  private static final int MAX_PAYLOAD = 4_096;
  private static final long COMMIT_WAIT_SECONDS = 20;

  /** How a submitted transaction ended for the page to say. */
  public sealed interface Submitted permits Committed, NotYetCommitted {}

  public record Committed(Hash txId, long height) implements Submitted {}

  public record NotYetCommitted(Hash txId, long waitedSeconds) implements Submitted {}

  private final String contract;
  private final Genesis genesis;
  private final Ledger ledger;
  private final Clock clock;
  private final Admission admission;
  private final CommitWaiters commits;
  private final SecureRandom random = new SecureRandom();

  /** Signing for {@code contract}'s methods only: a page of one application never submits another's. */
  public BrowserSignedTransactions(String contract, Genesis genesis, Ledger ledger, Clock clock, Admission admission,
      CommitWaiters commits) {
    this.contract = Objects.requireNonNull(contract, "contract");
    this.genesis = Objects.requireNonNull(genesis, "genesis");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.admission = Objects.requireNonNull(admission, "admission");
    this.commits = Objects.requireNonNull(commits, "commits");
  }

  /** The bytes her browser is to sign (hex): {@code contract.method(args)} sent by her certificate. */
  public String payloadHex(Identity who, String method, TreeMap<String, String> args) {
    var payload = new Transaction.Payload(genesis.cryptoSuite().id(), genesis.chainId(), who.certificateId(),
        random.nextLong(), clock.millis(), contract, method, Args.of(args));
    return Hex.encode(payload.encode());
  }

  /** The form's payload with its signature, as a transaction of hers on this network calling one of {@code methods}. */
  public Transaction signedByHer(Context ctx, Identity who, Set<String> methods, String what) {
    byte[] payload = hex(form(ctx, "payload"), "payload");
    byte[] signature = hex(form(ctx, "signature"), "signature");
    if (signature.length > Transaction.MAX_SIGNATURE_BYTES || payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("the form's transaction or signature is too long for " + what);
    }
    Transaction tx;
    try {
      tx = Transaction.decode(new CanonicalWriter(payload.length + signature.length + 4).raw(payload).bytes(signature)
          .toByteArray());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("the form's payload is not a transaction: " + e.getMessage());
    }
    if (!tx.sender().equals(who.certificateId()) || !tx.chainId().equals(genesis.chainId())) {
      throw new PortalRefusal(403, "This transaction is not yours on this network: sign the one the review page prepared.");
    }
    if (!contract.equals(tx.contract()) || !methods.contains(tx.method())) {
      throw new IllegalArgumentException("the transaction is " + tx.contract() + "." + tx.method() + ", not " + what);
    }
    return tx;
  }

  /** Submits it and waits for its block; a refusal, by the node or the ledger, is an error saying nothing changed. */
  public Submitted submit(Transaction tx, String what) throws Exception {
    Hash txId = tx.id(ledger.hashFunction());
    CompletableFuture<CommitWaiters.Committed> done = commits.await(txId);
    AdmissionResult r = admission.submit(tx);
    if (r instanceof AdmissionResult.Refused refused) {
      commits.forget(txId);
      throw new IllegalArgumentException("the node refused " + what + " (" + refused.rejection().code().wireName() + "): "
          + refused.rejection().message() + ". Nothing changed.");
    }
    CommitWaiters.Committed committed;
    try {
      committed = done.get(COMMIT_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      commits.forget(txId);
      return new NotYetCommitted(txId, COMMIT_WAIT_SECONDS);
    }
    if (!committed.outcome().success()) {
      throw new IllegalArgumentException("the ledger refused " + what + " (" + committed.outcome().code() + "): "
          + committed.outcome().message() + ". Nothing changed.");
    }
    return new Committed(txId, committed.height());
  }

  /** A form field, stripped; empty when the form lacks it. */
  public static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  /** A form field's hex, refused by name when missing (a signature: sign in the browser first) or not hex. */
  public static byte[] hex(String text, String what) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the form has no " + what + (what.contains("signature")
          ? ": sign in your browser (JavaScript on) with your key file" : ""));
    }
    try {
      return Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the form's " + what + " is not hex");
    }
  }
}
