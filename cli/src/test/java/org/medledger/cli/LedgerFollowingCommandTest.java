package org.medledger.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.medledger.cli.CommandRun.medledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.config.NodeConfig;

/**
 * The CLI following the ledger, not only the genesis, against a real node of a network {@code
 * network init --governance} wrote (hospital-a's validator; hospital-b a member without one):
 * {@code --node} names a validator the {@code --via} proof shows in force, and a name that is none
 * is refused naming the validators in force; {@code --log-head} keeps the head verified through
 * {@code --via} between runs, moves it forward as the log grows, and refuses a node whose head is
 * shorter than or forks from the kept one, naming the check and leaving the file as it was.
 */
class LedgerFollowingCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;


  @Test
  void theCliNamesAValidatorTheLedgerHoldsAndIsHeldToAGrowingLog() throws Exception {
    Path net = dir.resolve("net");
    CommandRun init = medledger("network", "init", "--orgs", "hospital-a,hospital-b", "--validators", "hospital-a",
        "--governance", "--chain-id", "follow-cli", "--api-port", Integer.toString(TestPorts.freePort()), "--p2p-port",
        Integer.toString(TestPorts.freePort()), "--out", net.toString());
    assertThat(init.exit()).as(init.out() + init.err()).isZero();
    String genesis = net.resolve("genesis.json").toString();
    String admin = net.resolve("hospital-a/users/admin").toString();
    Path token = net.resolve("hospital-a/users/admin/token");
    Path head = dir.resolve("log-head.json");

    try (MedLedgerNode node = MedLedgerNode.start(NodeConfig.read(net.resolve("hospital-a/node/node.json")))) {
      String api = "https://127.0.0.1:" + node.apiPort();
      CommandRun login = medledger("login", "--api", api, "--genesis", genesis, "--identity", admin);
      assertThat(login.exit()).as(login.out() + login.err()).isZero();

      // Before the first block there is no sealed head to prove anything under, and the refusal says so.
      CommandRun fresh = latest(api, genesis, token, head, "--node", "hospital-a-node");
      assertThat(fresh.exit()).isNotZero();
      assertThat(fresh.err()).contains("(certificate): the node is at block 0, the genesis block, which no validator seals");
      assertThat(head).doesNotExist();
      register(api, genesis, admin, net.resolve("hospital-b/users/admin/cert.pem"));
      CommandRun named = latest(api, genesis, token, head, "--node", "hospital-a-node");
      assertThat(named.exit()).as(named.out() + named.err()).isZero();
      JsonNode first = JSON.readTree(Files.readString(head));
      assertThat(first.path("size").asLong()).isPositive();
      assertThat(first.path("chain").asText()).startsWith("follow-cli/");

      CommandRun notAValidator = latest(api, genesis, token, null, "--node", "hospital-b-node");
      assertThat(notAValidator.exit()).isNotZero();
      assertThat(notAValidator.err()).contains("--node hospital-b-node is not a validator in force after block")
          .contains("in force: [hospital-a-node]");

      // The log grows; the kept head moves with it, each run checking the consistency proof.
      register(api, genesis, admin, net.resolve("hospital-a/users/admin/cert.pem"));
      CommandRun grown = latest(api, genesis, token, head);
      assertThat(grown.exit()).as(grown.out() + grown.err()).isZero();
      JsonNode second = JSON.readTree(Files.readString(head));
      assertThat(second.path("size").asLong()).isGreaterThan(first.path("size").asLong());

      // A node showing a log forked from the kept head (same size, another root), or shorter than it.
      String kept = Files.readString(head);
      Files.writeString(head, kept.replace(second.path("root").asText(), "ab".repeat(32)));
      String forked = Files.readString(head);
      CommandRun fork = latest(api, genesis, token, head);
      assertThat(fork.exit()).isNotZero();
      assertThat(fork.err()).contains("sealed head does not extend the log head in " + head,
          "(consistency): a different log of the same size " + second.path("size").asLong());
      assertThat(Files.readString(head)).as("a refused head is not written").isEqualTo(forked);

      long ahead = second.path("size").asLong() + 100;
      Files.writeString(head, kept.replace("\"size\" : " + second.path("size").asLong(), "\"size\" : " + ahead));
      CommandRun shorter = latest(api, genesis, token, head);
      assertThat(shorter.exit()).isNotZero();
      assertThat(shorter.err()).contains("(consistency): the log shrank from " + ahead + " to ");

      Files.writeString(head, kept.replace("follow-cli/", "another-chain/"));
      CommandRun otherChain = latest(api, genesis, token, head);
      assertThat(otherChain.exit()).isNotZero();
      assertThat(otherChain.err()).contains("the log-head file " + head + " is for chain 'another-chain/");

      Files.writeString(head, kept);
      CommandRun withoutVia = medledger("api", "get", "/v1/blocks/latest", "--api", api, "--genesis", genesis,
          "--token-file", token.toString(), "--log-head", head.toString());
      assertThat(withoutVia.exit()).isNotZero();
      assertThat(withoutVia.err()).contains("--log-head " + head + " needs --via");
      assertThat(latest(api, genesis, token, head).exit()).as("the kept head, restored, holds again").isZero();
    }
  }

  /** One more transaction in the log: a registration (of an admin the genesis registered: it changes nothing else). */
  private static void register(String api, String genesis, String admin, Path certificate) throws Exception {
    CommandRun submitted = medledger("tx", "submit", "--api", api, "--genesis", genesis, "--identity", admin,
        "--contract", "membership", "--method", "register", "--arg", "certificate=" + Files.readString(certificate));
    assertThat(submitted.exit()).as(submitted.out() + submitted.err()).isZero();
  }

  /** {@code api get /v1/blocks/latest} through {@code --via} the same node, with {@code --log-head} when given. */
  private static CommandRun latest(String api, String genesis, Path token, Path head, String... more) {
    List<String> args = new ArrayList<>(List.of("api", "get", "/v1/blocks/latest", "--api", api, "--genesis", genesis,
        "--via", api, "--via-token-file", token.toString(), "--token-file", token.toString()));
    if (head != null) {
      args.addAll(List.of("--log-head", head.toString()));
    }
    args.addAll(List.of(more));
    return medledger(args.toArray(String[]::new));
  }
}
