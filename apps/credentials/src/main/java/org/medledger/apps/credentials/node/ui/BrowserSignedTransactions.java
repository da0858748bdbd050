package org.medledger.apps.credentials.node.ui;

import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.medledger.apps.credentials.contract.CredentialsContract;
import org.medledger.core.codec.CanonicalWriter;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.application.PortalRefusal;
import org.medledger.node.auth.Identity;
import org.medledger.node.ordering.CommitWaiters;

/**
 * The sign-then-submit shape of the issuer's acts in the portal, as insurance's assessor signs:
 * the node prepares a {@code credentials} transaction's bytes naming her as sender with a fresh
 * nonce, her browser shows and signs them with her key file ({@code sign-statement.js}, kind
 * {@code transaction}), and only the signature comes back; the node checks the transaction is
 * hers, on this network, and one of the methods the page offers, submits it and waits for its
 * block. The contract still decides whether she may.
 */
final class BrowserSignedTransactions {
  private static final int MAX_PAYLOAD = 4_096;
  private static final long COMMIT_WAIT_SECONDS = 20;

  /** How a submitted transaction ended for the page to say. */
  sealed interface Submitted permits Committed, NotYetCommitted {}

  record Committed(Hash txId, long height) implements Submitted {}

  record NotYetCommitted(Hash txId, long waitedSeconds) implements Submitted {}

  private final CredentialsPortal portal;
  private final Admission admission;
  private final CommitWaiters commits;
  private final SecureRandom random = new SecureRandom();

  BrowserSignedTransactions(CredentialsPortal portal, Admission admission, CommitWaiters commits) {
    this.portal = portal;
    this.admission = admission;
    this.commits = commits;
  }

  /** The bytes her browser is to sign (hex): {@code credentials.method(args)} sent by her certificate. */
  String payloadHex(Identity who, String method, TreeMap<String, String> args) {
    var payload = new Transaction.Payload(portal.genesis.cryptoSuite().id(), portal.genesis.chainId(), who.certificateId(),
        random.nextLong(), portal.clock.millis(), CredentialsContract.NAME, method, Args.of(args));
    return Hex.encode(payload.encode());
  }

  /** The form's payload with its signature, as a transaction of hers on this network calling one of {@code methods}. */
  Transaction signedByHer(Context ctx, Identity who, Set<String> methods, String what) {
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
    if (!tx.sender().equals(who.certificateId()) || !tx.chainId().equals(portal.genesis.chainId())) {
      throw new PortalRefusal(403, "This transaction is not yours on this network: sign the one the review page prepared.");
    }
    if (!CredentialsContract.NAME.equals(tx.contract()) || !methods.contains(tx.method())) {
      throw new IllegalArgumentException("the transaction is " + tx.contract() + "." + tx.method() + ", not " + what);
    }
    return tx;
  }

  /** Submits it and waits for its block; a refusal, by the node or the ledger, is an error saying nothing changed. */
  Submitted submit(Transaction tx, String what) throws Exception {
    Hash txId = tx.id(portal.ledger.hashFunction());
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

  static String form(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  static byte[] hex(String text, String what) {
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
