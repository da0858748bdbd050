package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.node.RunningValidators.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.drugs.contract.gs1.DigitalLink;
import org.medledger.apps.drugs.contract.DrugVerifier;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Role;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;

/**
 * Issue 22, finding 4, on four real validators: one client scanning a genuine pack through every
 * node's public verify route, from two addresses, used to brand it "likely clone" for good (each
 * node digested places with its own key, so one network counted once per node). Now a network is
 * one place through any node, and a regulator's reset clears a branding that a real clone pattern
 * (many networks, reported by several organisations' nodes) still earns.
 */
class CloneBrandingNetworkTest {
  static final String GTIN = "09506000134352";
  @TempDir
  Path dir;

  @Test
  void oneClientScanningThroughEveryNodeBrandsNothingAndARegulatorResetsABranding() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    try (RunningValidators running = RunningValidators.start(net)) {
      BftTestNetwork.Member maker = net.member(0, "factory", Role.MAKER);
      BftTestNetwork.Member inspector = net.member(3, "inspector", Role.REGULATOR);
      running.commit(net.register(maker));
      running.commit(net.register(inspector));
      running.commit(net.tx(inspector, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
      running.commit(net.tx(maker, "drugs", "registerGtin", "gtin", GTIN));
      running.commit(net.tx(maker, "drugs", "commission", "gtin", GTIN, "lot", "N1", "expiry", "301231", "serials", "A1,A2"));

      // The reproduction: the same client, from two addresses, through all four nodes, three times over.
      int scans = 0;
      for (int round = 0; round < 3; round++) {
        for (String from : new String[] {"127.0.0.1", "127.9.0.1"}) {
          for (MedLedgerNode n : running.nodes()) {
            assertThat(EpcisApiTest.rawGet(from, n.apiPort(), "/01/" + GTIN + "/21/A1")).contains("\"outcome\":\"genuine\"");
            scans++;
          }
        }
      }
      int expected = scans;
      await("every scan of A1 is on every ledger", 30_000,
          () -> running.nodes().stream().allMatch(n -> verdict(n, "A1").scans().scans() == expected));
      for (MedLedgerNode n : running.nodes()) {
        DrugVerifier.Verdict v = verdict(n, "A1");
        assertThat(v.outcome()).isEqualTo("genuine");
        assertThat(v.scans().places(System.currentTimeMillis())).as("two networks, whichever node answered").isEqualTo(2);
      }
      JsonNode answer = json(EpcisApiTest.rawGet("127.0.0.1", running.node(2).apiPort(), "/01/" + GTIN + "/21/A1"));
      assertThat(answer.at("/scans/places").asInt()).isEqualTo(2);
      assertThat(answer.at("/scans/organisations").asInt()).isEqualTo(4);

      // A code copied onto packs sold in six networks, each scanned through two organisations' nodes, is still branded.
      for (int i = 1; i <= 6; i++) {
        for (int node : new int[] {i % 4, (i + 1) % 4}) {
          EpcisApiTest.rawGet("127." + (20 + i) + ".0.1", running.node(node).apiPort(), "/01/" + GTIN + "/21/A2");
        }
      }
      await("every node sees A2 as a likely clone", 30_000,
          () -> running.nodes().stream().allMatch(n -> verdict(n, "A2").outcome().equals("likely_clone")));

      // Only the regulator resets it: the maker who would like its pack cleared is refused.
      Transaction cheat = net.tx(maker, "drugs", "resetScans", "gtin", GTIN, "serial", "A2", "reason", "our pack");
      Hash cheatId = running.submit(cheat);
      await("the maker's reset is decided", 30_000, () -> running.nodes().stream().allMatch(n -> n.ledger().transaction(cheatId).isPresent()));
      assertThat(running.node(0).ledger().transaction(cheatId).orElseThrow().outcome().code()).isEqualTo("forbidden");
      assertThat(verdict(running.node(0), "A2").outcome()).isEqualTo("likely_clone");

      running.commit(net.tx(inspector, "drugs", "resetScans", "gtin", GTIN, "serial", "A2", "reason", "inspected: the clones were seized"));
      for (MedLedgerNode n : running.nodes()) {
        DrugVerifier.Verdict v = verdict(n, "A2");
        assertThat(v.outcome()).isEqualTo("genuine");
        assertThat(v.scans().lastReset().orElseThrow().organisation()).isEqualTo("org-3");
      }
      JsonNode reset = json(EpcisApiTest.rawGet("127.0.0.1", running.node(1).apiPort(), "/01/" + GTIN + "/21/A2"));
      assertThat(reset.get("outcome").asText()).isEqualTo("genuine");
      assertThat(reset.at("/scans/reset/by").asText()).isEqualTo("org-3");
      assertThat(reset.at("/scans/reset/reason").asText()).isEqualTo("inspected: the clones were seized");
    }
  }

  private static DrugVerifier.Verdict verdict(MedLedgerNode n, String serial) {
    return DrugVerifier.verify(n.ledger().state(), DigitalLink.parse("/01/" + GTIN + "/21/" + serial), LocalDate.now(ZoneOffset.UTC),
        Optional.empty());
  }

  /** The JSON body of a raw HTTP response. */
  private static JsonNode json(String response) throws Exception {
    return new ObjectMapper().readTree(response.substring(response.indexOf('{'), response.lastIndexOf('}') + 1));
  }
}
