package org.medledger.cli;

import static org.medledger.cli.CommandRun.medledger;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;

/**
 * {@code medledger governance} against a real node of a network {@code network init --governance}
 * wrote: two member organisations, one validator. hospital-a's admin proposes
 * to remove hospital-b (a member change: both must say yes), hospital-b's admin votes no, the
 * proposal is rejected; a second vote is refused with exit code 1 and the ledger's reason; list
 * and show print what the API answers.
 */
class GovernanceCommandTest {
  @TempDir Path dir;


  @Test
  void adminsProposeAndVoteThroughTheCommandLine() throws Exception {
    Path net = dir.resolve("net");
    CommandRun init = medledger("network", "init", "--orgs", "hospital-a,hospital-b", "--validators", "hospital-a",
        "--governance", "--chain-id", "gov-cli", "--api-port", Integer.toString(TestPorts.freePort()), "--p2p-port",
        Integer.toString(TestPorts.freePort()), "--out", net.toString());
    assertThat(init.exit()).as(init.out() + init.err()).isZero();
    Map<String, Path> configs = Map.of("hospital-a", net.resolve("hospital-a/node/node.json"));
    Path genesis = net.resolve("genesis.json");
    ObjectMapper mapper = new ObjectMapper();
    assertThat(mapper.readTree(Files.readString(genesis)).path("governance").path("validatorChanges").asText())
        .isEqualTo(">=2/3");

    try (MedLedgerNode node = MedLedgerNode.start(NodeConfig.read(configs.values().iterator().next()))) {
      String api = "https://127.0.0.1:" + node.apiPort();
      String adminA = net.resolve("hospital-a/users/admin").toString();
      String adminB = net.resolve("hospital-b/users/admin").toString();
      for (String admin : List.of(adminA, adminB)) {
        String pem = Files.readString(Path.of(admin, "cert.pem"));
        CommandRun r = medledger("tx", "submit", "--api", api, "--genesis", genesis.toString(), "--identity", admin,
            "--contract", "membership", "--method", "register", "--arg", "certificate=" + pem);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
      }

      CommandRun proposed = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(), "--identity", adminA,
          "--kind", "remove-member", "--organisation", "hospital-b");
      assertThat(proposed.exit()).as(proposed.out() + proposed.err()).isZero();
      assertThat(proposed.out()).contains("proposal 1: medledger governance show --proposal 1");

      CommandRun listed = medledger("governance", "list", "--api", api, "--genesis", genesis.toString(), "--identity", adminB);
      assertThat(listed.out()).contains("#1 remove-member", "pending", "by hospital-a", "yes needed 2 of 2, >1/2");

      CommandRun no = medledger("governance", "vote", "--api", api, "--genesis", genesis.toString(), "--identity", adminB,
          "--proposal", "1", "--choice", "no");
      assertThat(no.exit()).as(no.out() + no.err()).isZero();
      CommandRun again = medledger("governance", "vote", "--api", api, "--genesis", genesis.toString(), "--identity", adminB,
          "--proposal", "1", "--choice", "yes");
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err()).contains("refused: not_pending: proposal 1 is rejected");

      CommandRun shown = medledger("governance", "show", "--api", api, "--genesis", genesis.toString(), "--identity", adminA,
          "--proposal", "1");
      assertThat(shown.exit()).isZero();
      assertThat(mapper.readTree(shown.out()).path("status").asText()).isEqualTo("rejected");
      assertThat(mapper.readTree(shown.out()).path("votes").path("hospital-b").asText()).isEqualTo("no");

      CommandRun badParameter = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(),
          "--identity", adminA, "--kind", "set-parameter", "--parameter", "blockIntervalMillis", "--value", "0");
      assertThat(badParameter.exit()).isEqualTo(1);
      assertThat(badParameter.err()).contains("invalid_parameter: blockIntervalMillis must be within [10, 60000], got 0");

      // add-validator asks for the address the validators dial the new one at, and checks it before anything is sent.
      CommandRun noAddress = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(),
          "--identity", adminA, "--kind", "add-validator", "--organisation", "hospital-b", "--validator", "hospital-b-node");
      assertThat(noAddress.exit()).isNotZero();
      assertThat(noAddress.err()).contains("add-validator needs --peer-address host:port", "hospital-b-node");
      CommandRun badAddress = medledger("governance", "propose", "--api", api, "--genesis", genesis.toString(),
          "--identity", adminA, "--kind", "add-validator", "--organisation", "hospital-b", "--validator", "hospital-b-node",
          "--peer-address", "10.0.0.5");
      assertThat(badAddress.exit()).isNotZero();
      assertThat(badAddress.err()).contains("peerAddress '10.0.0.5' must be host:port");

      CommandRun consortium = medledger("governance", "consortium", "--api", api, "--genesis", genesis.toString(),
          "--identity", adminA);
      assertThat(mapper.readTree(consortium.out()).path("organisations")).hasSize(2);
    }
  }
}
