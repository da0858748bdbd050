package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.client.ClientIdentity;
import org.medledger.client.MedLedgerClient;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Role;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;

/**
 * Drugs on four validators over mutual TLS: a maker of org-0 captures EPCIS events through
 * org-1's node (relayed for her, resolved against the ledger's membership by every validator), and
 * anonymous scans of one code answered by different nodes add up, on every node, to a likely clone.
 */
class DrugNetworkTest {
  static final String GTIN = "09506000134352";
  @TempDir
  Path dir;
  private final List<MedLedgerNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(MedLedgerNode::close);
  }

  private static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  private void commit(BftTestNetwork net, Transaction tx) throws InterruptedException {
    assertThat(nodes.get(0).admission().submit(tx)).isInstanceOf(AdmissionResult.Accepted.class);
    Hash id = tx.id(net.suite.hash());
    await("committed", 20_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    assertThat(nodes.get(0).ledger().transaction(id).orElseThrow().outcome().success()).isTrue();
  }

  @Test
  void aCaptureRelayedByAnotherOrganisationsNodeAndScansAcrossNodesAddUp() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    for (var c : net.configs) {
      nodes.add(MedLedgerNode.start(c));
    }
    await("linked", 20_000, () -> nodes.stream().allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == 3));
    BftTestNetwork.Member maker = net.member(0, "factory", Role.MAKER);
    commit(net, net.register(maker));
    BftTestNetwork.Member regulator = net.member(3, "inspector", Role.REGULATOR);
    commit(net, net.register(regulator));
    commit(net, net.tx(regulator, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
    commit(net, net.tx(maker, "drugs", "registerGtin", "gtin", GTIN));
    commit(net, net.tx(maker, "drugs", "authorizeRelay", "node", "org-1"));

    MedLedgerClient atOrg1 = new MedLedgerClient("http://127.0.0.1:" + nodes.get(1).apiPort());
    String token = atOrg1.login(new ClientIdentity(net.suite, maker.certificate(), maker.keys().getPrivate()));
    String doc = "{\"@context\":[\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"],\"type\":\"EPCISDocument\","
        + "\"schemaVersion\":\"2.0\",\"creationDate\":\"2026-11-26T08:00:00Z\",\"epcisBody\":{\"eventList\":[{\"type\":\"ObjectEvent\","
        + "\"eventTime\":\"2026-11-26T08:00:00Z\",\"eventTimeZoneOffset\":\"+00:00\",\"action\":\"ADD\",\"bizStep\":\"commissioning\","
        + "\"epcList\":[\"https://id.gs1.org/01/" + GTIN + "/21/A1\",\"https://id.gs1.org/01/" + GTIN + "/21/A2\"],"
        + "\"ilmd\":{\"cbvmda:lotNumber\":\"N1\",\"cbvmda:itemExpirationDate\":\"2030-12-31\"}}]}}";
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(1).apiPort()
        + "/epcis/capture")).header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(doc)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(new ObjectMapper().readTree(r.body()).get("success").asBoolean()).as(r.body()).isTrue();
    await("every node has the packs", 20_000, () -> nodes.stream()
        .allMatch(n -> !DrugQueries.events(n.ledger().state(), e -> e.method().equals("commission"), 10).isEmpty()));
    for (MedLedgerNode n : nodes) {
      var e = DrugQueries.events(n.ledger().state(), x -> x.method().equals("commission"), 10).get(0).record();
      assertThat(e.organisation()).isEqualTo("org-0");
      assertThat(e.relayedBy()).isEqualTo("org-1-node");
    }

    // Anonymous scans from five networks, each answered by two different nodes: five places even
    // without any one organisation's reports (one node's word alone brands nothing).
    for (int i = 1; i <= 5; i++) {
      for (int node : new int[] {i % 4, (i + 1) % 4}) {
        String answer = EpcisApiTest.rawGet("127." + i + ".0.1", nodes.get(node).apiPort(), "/01/" + GTIN + "/21/A1");
        assertThat(answer).contains("\"outcome\":\"genuine\"");
      }
    }
    // Each node brands the pack once it has applied the block of the fifth place: on a loaded machine
    // one node may be a block behind another, so wait for every node, not one.
    await("every node sees a likely clone", 30_000, () -> nodes.stream().allMatch(n -> outcome(n, "A1").equals("likely_clone")));
    for (MedLedgerNode n : nodes) {
      assertThat(outcome(n, "A1")).isEqualTo("likely_clone");
      assertThat(outcome(n, "A2")).isEqualTo("genuine");
    }
  }

  private static String outcome(MedLedgerNode n, String serial) {
    return org.medledger.apps.drugs.contract.DrugVerifier.verify(n.ledger().state(), org.medledger.apps.drugs.contract.gs1.DigitalLink.parse("/01/" + GTIN + "/21/" + serial),
        java.time.LocalDate.now(), java.util.Optional.empty()).outcome();
  }
}
