package org.medledger.node.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.MedLedgerClient;
import org.medledger.core.genesis.GovernanceRules;
import org.medledger.core.genesis.Threshold;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Pem;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;

/**
 * Four real validators (RocksDB, mutual TLS, Tendermint) on a governed chain: a chain-parameter
 * change is proposed and voted by three organisations' admins, and takes effect on every node
 * alike — the same parameters, the same state root, the same failed outcome for a transaction the
 * new value refuses — and the API of every node shows the proposal passed; an organisation voted in
 * is refused a login (401) by every node before, and trusted by every node after, and its user's
 * transaction receipt verifies offline from the original genesis file (its membership proven).
 */
class GovernanceNetworkTest {
  @TempDir Path dir;

  @Test
  void aParameterChangeProposedAndVotedTakesEffectOnEveryNodeAlike() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(4, List.of(Role.values())),
        g -> g.withGovernance(new GovernanceRules(Threshold.parse(">1/2"), Threshold.parse(">=2/3"), 200, 2)));
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    try (RunningValidators nodes = RunningValidators.start(net)) {
      for (BftTestNetwork.Member a : admins) {
        nodes.commit(net.register(a));
      }
      // A transaction a minute off the block's time passes the genesis's ten minutes of tolerance
      // (and then fails the contract's own rule: the certificate is registered already).
      Hash accepted = nodes.submit(lateBy(net, admins.get(3), 60_000));
      RunningValidators.await("every node committed the first late transaction", 30_000,
          () -> nodes.nodes().stream().allMatch(n -> n.ledger().transaction(accepted).isPresent()));
      assertThat(nodes.node(0).ledger().transaction(accepted).orElseThrow().outcome().code()).isEqualTo("already_registered");

      nodes.commit(net.tx(admins.get(0), "governance", "propose", "kind", "set-parameter",
          "parameter", "timestampToleranceMillis", "value", "30000"));
      nodes.commit(net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes"));
      for (MedLedgerNode n : nodes.nodes()) {
        assertThat(n.ledger().parameters().timestampToleranceMillis()).isEqualTo(600_000L); // 2 of 4 < 2/3
      }
      nodes.commit(net.tx(admins.get(2), "governance", "vote", "proposal", "1", "choice", "yes"));

      Hash refused = nodes.submit(lateBy(net, admins.get(3), 60_000));
      RunningValidators.await("every node committed the late transaction", 30_000,
          () -> nodes.nodes().stream().allMatch(n -> n.ledger().transaction(refused).isPresent()));
      long height = nodes.nodes().stream().mapToLong(n -> n.ledger().height()).max().orElseThrow();
      RunningValidators.await("every node at height " + height, 30_000,
          () -> nodes.nodes().stream().allMatch(n -> n.ledger().height() >= height));
      for (MedLedgerNode n : nodes.nodes()) {
        assertThat(n.ledger().parameters().timestampToleranceMillis()).isEqualTo(30_000L);
        var outcome = n.ledger().transaction(refused).orElseThrow().outcome();
        assertThat(outcome.code()).isEqualTo("stale_timestamp");
        assertThat(outcome.message()).contains("30000 ms");
        assertThat(n.ledger().signedHeader(height).orElseThrow().header().stateRoot())
            .isEqualTo(nodes.node(0).ledger().signedHeader(height).orElseThrow().header().stateRoot());
      }

      for (MedLedgerNode n : nodes.nodes()) {
        MedLedgerClient api = new MedLedgerClient("http://127.0.0.1:" + n.apiPort());
        api.login(Pem.certificate(admins.get(3).certificate()), admins.get(3).signer());
        JsonNode p = api.get("/v1/governance/proposals/1");
        assertThat(p.path("status").asText()).isEqualTo("passed");
        assertThat(p.path("votes").path("org-0").asText()).isEqualTo("yes");
        assertThat(p.path("votes").path("org-2").asText()).isEqualTo("yes");
        assertThat(p.path("yesNeeded").asInt()).isEqualTo(3);
        assertThat(p.path("receipt").asText()).isEqualTo("/v1/receipts/state?key=governance/proposal/000000000001");
        JsonNode c = api.get("/v1/governance/consortium");
        assertThat(c.path("parameters").path("timestampToleranceMillis").asText()).isEqualTo("30000");
        assertThat(c.path("organisations")).hasSize(4);
        assertThat(api.get("/v1/governance/proposals").path("proposals")).hasSize(1);
      }
    }
  }

  @Test
  void anOrganisationVotedInIsTrustedByEveryNodeFromTheBlockThatPassedIt() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", java.util.Collections.nCopies(4, List.of(Role.values())),
        g -> g.withGovernance(org.medledger.core.genesis.GovernanceRules.DEFAULTS));
    List<BftTestNetwork.Member> admins = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      admins.add(net.member(i, "admin-" + i, Role.ADMIN));
    }
    long now = System.currentTimeMillis();
    org.medledger.crypto.x509.CertificateAuthority joining = org.medledger.crypto.x509.CertificateAuthority.create(
        net.suite, "pharmacy-c", new java.util.Date(now - 3_600_000L), new java.util.Date(now + 86_400_000L),
        new java.security.SecureRandom());
    java.security.KeyPair k = net.suite.signatures().generateKeyPair(new java.security.SecureRandom());
    java.security.cert.X509Certificate pharmacist = joining.issueUser("pharmacist", Role.ADMIN, k.getPublic(),
        new java.util.Date(now - 3_600_000L), new java.util.Date(now + 86_400_000L));
    BftTestNetwork.Member newcomer = new BftTestNetwork.Member("pharmacist", pharmacist, k,
        org.medledger.crypto.x509.CertificateId.of(net.suite.hash(), pharmacist), net.suite.signatures().signer(k));
    try (RunningValidators nodes = RunningValidators.start(net)) {
      List<Transaction> registrations = new ArrayList<>();
      for (BftTestNetwork.Member a : admins) {
        registrations.add(net.register(a));
        nodes.commit(registrations.get(registrations.size() - 1));
      }
      for (MedLedgerNode n : nodes.nodes()) {
        MedLedgerClient api = new MedLedgerClient("http://127.0.0.1:" + n.apiPort());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.login(Pem.certificate(pharmacist), newcomer.signer()))
            .as("no node trusts a CA the consortium has not voted in")
            .isInstanceOfSatisfying(org.medledger.client.ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
      }
      nodes.commit(net.tx(admins.get(0), "governance", "propose", "kind", "add-member", "organisation", "pharmacy-c",
          "caCertificate", Pem.certificate(joining.certificate()), "roles", "admin,clinician"));
      nodes.commit(net.tx(admins.get(1), "governance", "vote", "proposal", "1", "choice", "yes"));
      nodes.commit(net.tx(admins.get(2), "governance", "vote", "proposal", "1", "choice", "yes"));
      Transaction joined = net.register(newcomer);
      nodes.commit(joined);
      for (MedLedgerNode n : nodes.nodes()) {
        MedLedgerClient api = new MedLedgerClient("http://127.0.0.1:" + n.apiPort());
        api.login(Pem.certificate(pharmacist), newcomer.signer());
        JsonNode c = api.get("/v1/governance/consortium");
        assertThat(c.path("organisations")).hasSize(5);
        assertThat(c.path("organisations").get(4).path("name").asText()).isEqualTo("pharmacy-c");
        assertThat(c.path("validatorsInForce")).hasSize(4);
      }

      // Offline, from the original genesis file alone (what `medledger verify` does): the receipt of
      // the voted-in organisation's user proves pharmacy-c's membership under its block's state root.
      org.medledger.core.genesis.Genesis fromFile = org.medledger.core.genesis.GenesisJson.read(
          java.nio.file.Files.readString(net.configs.get(0).genesis()));
      MedLedgerClient api = new MedLedgerClient("http://127.0.0.1:" + nodes.node(1).apiPort());
      api.login(Pem.certificate(pharmacist), newcomer.signer());
      JsonNode receipt = api.transactionReceipt(joined.id(net.suite.hash()).hex());
      assertThat(receipt.path("senderMembership").path("key").asText())
          .isEqualTo(org.medledger.crypto.Hex.encode(org.medledger.core.membership.LedgerOrganisations.fullKey()));
      org.medledger.client.ReceiptVerifier verifier = new org.medledger.client.ReceiptVerifier(fromFile);
      assertThat(verifier.verify(receipt)).as("the voted-in user's receipt, offline")
          .isInstanceOf(org.medledger.client.Verification.Verified.class);
      // The same list proven under the block before the transaction's is refused: it must be its block.
      long included = receipt.path("senderMembership").path("height").asLong();
      JsonNode earlier = receipt.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) earlier).set("senderMembership",
          api.stateReceipt("governance/consortium/organisations", included - 1));
      assertThat(verifier.verify(earlier)).isInstanceOfSatisfying(org.medledger.client.Verification.Failed.class,
          f -> assertThat(f.reason()).contains("it must be the block that includes the transaction"));
      // Without the proof the genesis's CAs alone do not vouch for the pharmacist.
      JsonNode stripped = receipt.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) stripped).remove("senderMembership");
      assertThat(verifier.verify(stripped)).isInstanceOfSatisfying(org.medledger.client.Verification.Failed.class,
          f -> assertThat(f.check()).isEqualTo("signature"));
      // A genesis organisation's user's receipt carries none: its bytes are what they always were.
      api.login(Pem.certificate(admins.get(0).certificate()), admins.get(0).signer());
      JsonNode adminReceipt = api.transactionReceipt(registrations.get(0).id(net.suite.hash()).hex());
      assertThat(adminReceipt.has("senderMembership")).isFalse();
      assertThat(verifier.verify(adminReceipt).ok()).isTrue();
    }
  }

  /** A member registering its certificate again, signed {@code millis} in the past. */
  private static Transaction lateBy(BftTestNetwork net, BftTestNetwork.Member by, long millis) {
    return new Transaction.Payload(net.suite.id(), net.genesis.chainId(), by.id(), System.nanoTime(),
        System.currentTimeMillis() - millis, "membership", "register",
        Args.of("certificate", Pem.certificate(by.certificate()))).sign(by.signer());
  }
}
