package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.admission.Rejection;
import org.medledger.node.ordering.CommitWaiters;

/** Every way a transaction can be refused, each with its reason, and none of them changes the chain. */
class AdmissionRulesTest {
  @TempDir static Path dir;
  static TestNetwork net;
  static MedLedgerNode node;

  @BeforeAll
  static void start() throws Exception {
    net = new TestNetwork(dir, "gm");
    node = MedLedgerNode.start(net.config);
    for (String u : new String[] {"admin-a", "dr-wang", "patient-1"}) {
      commit(net.register(net.user(u)));
    }
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static CommitWaiters.Committed commit(Transaction tx) throws Exception {
    var f = node.commitWaiters().await(tx.id(net.suite.hash()));
    AdmissionResult r = node.admission().submit(tx);
    assertThat(r).as("admission of %s", tx).isInstanceOf(AdmissionResult.Accepted.class);
    return f.get(10, TimeUnit.SECONDS);
  }

  static Rejection refused(AdmissionResult r) {
    assertThat(r).isInstanceOf(AdmissionResult.Refused.class);
    return ((AdmissionResult.Refused) r).rejection();
  }

  void assertRefused(byte[] tx, Rejection.Code code, String messagePart) {
    long height = node.ledger().height();
    Hash head = node.ledger().headHash();
    Rejection r = refused(node.admission().submit(tx));
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.message()).contains(messagePart);
    assertThat(node.mempool().size()).isZero();
    assertThat(node.ledger().height()).isEqualTo(height);
    assertThat(node.ledger().headHash()).isEqualTo(head);
  }

  Transaction anchorBy(String user) {
    return net.anchor(net.user(user), net.fingerprint("doc " + System.nanoTime()));
  }

  @Test
  void refusesABadSignature() {
    byte[] b = anchorBy("dr-wang").encoded().clone();
    b[b.length - 3] ^= 0x10;
    assertRefused(b, Rejection.Code.BAD_SIGNATURE, "does not verify");
  }

  @Test
  void refusesAnUnknownSender() {
    assertRefused(anchorBy("admin-b").encoded(), Rejection.Code.UNKNOWN_SENDER, "not registered");
  }

  @Test
  void refusesTheWrongChainAndSuite() {
    TestNetwork.User u = net.user("dr-wang");
    Transaction otherChain = new Transaction.Payload("gm", "other-chain", u.id(), 77, System.currentTimeMillis(), "notary", "anchor",
        Args.of("hash", net.fingerprint("a"), "type", "x")).sign(u.signer());
    assertRefused(otherChain.encoded(), Rejection.Code.WRONG_CHAIN, "other-chain");
    Transaction otherSuite = new Transaction.Payload("intl", "test-chain", u.id(), 78, System.currentTimeMillis(), "notary", "anchor",
        Args.of("hash", net.fingerprint("a"), "type", "x")).sign(u.signer());
    assertRefused(otherSuite.encoded(), Rejection.Code.WRONG_SUITE, "intl");
  }

  @Test
  void refusesMalformedOversizeAndUnknownContracts() {
    assertRefused(new byte[] {1, 0, 0}, Rejection.Code.MALFORMED, "suite");
    String big = "x".repeat(70_000);
    assertRefused(net.tx(net.user("dr-wang"), "notary", "anchor", "hash", big, "type", "x").encoded(), Rejection.Code.OVERSIZE, "limit");
    assertRefused(net.tx(net.user("dr-wang"), "no-such", "call").encoded(), Rejection.Code.UNKNOWN_CONTRACT, "no-such");
  }

  @Test
  void refusesReplays() throws Exception {
    Transaction tx = anchorBy("dr-wang");
    commit(tx);
    assertRefused(tx.encoded(), Rejection.Code.DUPLICATE, "already committed");
    TestNetwork.User u = net.user("dr-wang");
    Transaction sameNonce = new Transaction.Payload(tx.suite(), tx.chainId(), u.id(), tx.nonce(), System.currentTimeMillis(), "notary", "anchor",
        Args.of("hash", net.fingerprint("other"), "type", "x")).sign(u.signer());
    assertRefused(sameNonce.encoded(), Rejection.Code.REPLAYED_NONCE, "already used");
  }

  @Test
  void refusesARevokedSenderAfterItsRevocationCommits() throws Exception {
    commit(net.anchor(net.user("patient-1"), net.fingerprint("before " + System.nanoTime())));
    var revoked = commit(net.tx(net.user("admin-a"), "membership", "revoke", "certificate", net.user("patient-1").id().hex(), "reason", "lost phone"));
    assertThat(revoked.outcome().success()).as(revoked.outcome().message()).isTrue();
    assertRefused(anchorBy("patient-1").encoded(), Rejection.Code.REVOKED_SENDER, "revoked");
  }

  @Test
  void onlyAnAdminOfTheOrganisationOrARegulatorMayRevoke() throws Exception {
    var r = commit(net.tx(net.user("dr-wang"), "membership", "revoke", "certificate", net.user("admin-a").id().hex()));
    assertThat(r.outcome().success()).isFalse();
    assertThat(r.outcome().code()).isEqualTo("forbidden");
  }
}
