package org.medledger.it.golden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;
import org.medledger.node.MedLedgerNode;

/**
 * The golden chain (issue 14, item 4): a chain recorded by the release before applications became
 * modules (the demo story of both suites, plus crafted refusals of every contract method) must
 * re-execute under this tree's contracts to the same outcomes, weights, state roots, log roots and
 * block hashes, block by block. The fixture is pinned by hash: regenerating it is a visible change
 * to this file, and never part of a refactor.
 */
class GoldenReplayTest {
  /**
   * SHA-256 of each fixture file, as recorded by bin/record-golden-chain. Change only with a new
   * recording made on purpose, and say why in the commit.
   */
  static final Map<String, String> PINNED = new TreeMap<>(Map.of(
      "gm/chain.txt", "56386dd659a880284c94fee6472a51d8d2c32a533a3d5c185b868c0ebe306446",
      "gm/genesis.json", "a4d113194a6a4779b245732f4cf0643f26bc22a12681be499f989e7ff5275e15",
      "intl/chain.txt", "72985cd78ed77350377ad91d7763b6e0c40b74b190a99868b36412639043d536",
      "intl/genesis.json", "bc5d1db650f872ed539564616575622c0ba520ea67863a7fd3d3faa7288d35ba"));

  /**
   * The contracts this release runs, in one place: the refactor into application modules changes
   * this line and nothing else here.
   */
  static ContractRegistry contractsThisReleaseRuns(Membership membership) {
    return MedLedgerNode.contracts(membership);
  }

  @ParameterizedTest
  @ValueSource(strings = {"intl", "gm"})
  void replaysTheRecordedChainToTheSameBytes(String suite) throws Exception {
    GoldenChain chain = GoldenChain.read(fixture(suite));
    assertThat(chain.blocks()).isNotEmpty();
    Optional<GoldenDifference> difference = GoldenReplay.firstDifference(chain, GoldenReplayTest::contractsThisReleaseRuns);
    assertThat(difference).as("the %s golden chain replays unchanged", suite).isEmpty();
  }

  @Test
  void theFixtureIsTheOnePinned() throws Exception {
    Map<String, String> actual = new TreeMap<>();
    for (String suite : new String[] {"intl", "gm"}) {
      for (String file : new String[] {GoldenChain.GENESIS_FILE, GoldenChain.CHAIN_FILE}) {
        actual.put(suite + "/" + file, sha256(fixture(suite).resolve(file)));
      }
    }
    assertThat(actual).as("fixture files changed: a golden chain is recorded once, by the release before the refactor")
        .isEqualTo(PINNED);
  }

  @Test
  void reportsAnAlteredMessageWithBlockTransactionAndBothValues() throws Exception {
    GoldenChain chain = GoldenChain.read(fixture("intl"));
    int index = firstBlockWithAFailure(chain);
    GoldenBlock block = chain.blocks().get(index);
    int tx = firstFailure(block);
    GoldenTx original = block.txs().get(tx);
    GoldenTx altered = new GoldenTx(original.label(), original.weight(), false, original.code(), original.message() + "!");
    GoldenChain changed = chain.withBlock(index, block.withTx(tx, altered));

    GoldenDifference d = GoldenReplay.firstDifference(changed, GoldenReplayTest::contractsThisReleaseRuns).orElseThrow();

    assertThat(d.height()).isEqualTo(block.height());
    assertThat(d.tx()).isEqualTo(tx);
    assertThat(d.what()).isEqualTo("outcome");
    assertThat(d.recorded()).contains(original.message() + "!");
    assertThat(d.replayed()).contains("message=\"" + original.message() + "\"");
    assertThat(d.toString()).contains("block " + block.height() + ", transaction " + tx);
  }

  @Test
  void reportsAnAlteredWeight() throws Exception {
    GoldenChain chain = GoldenChain.read(fixture("gm"));
    GoldenBlock block = chain.blocks().get(chain.blocks().size() - 1);
    GoldenTx original = block.txs().get(0);
    GoldenTx altered = new GoldenTx(original.label(), original.weight() + 1, original.success(), original.code(),
        original.message());

    GoldenDifference d = GoldenReplay.firstDifference(chain.withBlock(chain.blocks().size() - 1, block.withTx(0, altered)),
        GoldenReplayTest::contractsThisReleaseRuns).orElseThrow();

    assertThat(d.height()).isEqualTo(block.height());
    assertThat(d.tx()).isZero();
    assertThat(d.what()).isEqualTo("weight");
  }

  @Test
  void reportsAnAlteredStateRoot() throws Exception {
    GoldenChain chain = GoldenChain.read(fixture("intl"));
    int index = chain.blocks().size() / 2;
    GoldenBlock block = chain.blocks().get(index);
    Hash wrong = Hash.of(new byte[Hash.LENGTH]);

    GoldenDifference d = GoldenReplay.firstDifference(chain.withBlock(index, block.withStateRoot(wrong)),
        GoldenReplayTest::contractsThisReleaseRuns).orElseThrow();

    assertThat(d.height()).isEqualTo(block.height());
    assertThat(d.tx()).isEqualTo(-1);
    assertThat(d.what()).isEqualTo("state root");
    assertThat(d.recorded()).isEqualTo(wrong.hex());
    assertThat(d.replayed()).isEqualTo(block.stateRoot().hex());
  }

  @Test
  void reportsAContractSetMissingAContract() throws Exception {
    GoldenChain chain = GoldenChain.read(fixture("intl"));
    // Today's contracts without drugs: the first drugs transaction becomes unknown_contract.
    GoldenDifference d = GoldenReplay.firstDifference(chain, membership -> {
      ContractRegistry without = new ContractRegistry();
      contractsThisReleaseRuns(membership).all().stream().filter(c -> !c.name().equals("drugs")).forEach(without::register);
      return without;
    }).orElseThrow();

    assertThat(d.what()).isEqualTo("outcome");
    assertThat(d.replayed()).contains("code=unknown_contract");
    assertThat(chain.blocks().stream().filter(b -> b.height() == d.height()).findFirst().orElseThrow()
        .txs().get(d.tx()).label()).startsWith("drugs.");
  }

  private static int firstBlockWithAFailure(GoldenChain chain) {
    for (int i = 0; i < chain.blocks().size(); i++) {
      if (firstFailure(chain.blocks().get(i)) >= 0) {
        return i;
      }
    }
    throw new AssertionError("the golden chain has no failed transaction");
  }

  private static int firstFailure(GoldenBlock block) {
    for (int i = 0; i < block.txs().size(); i++) {
      if (!block.txs().get(i).success()) {
        return i;
      }
    }
    return -1;
  }

  static Path fixture(String suite) throws URISyntaxException {
    var url = GoldenReplayTest.class.getResource("/golden/" + suite + "/" + GoldenChain.CHAIN_FILE);
    if (url == null) {
      throw new AssertionError("no golden chain for " + suite + " on the test class path (it/src/test/resources/golden)");
    }
    return Path.of(url.toURI()).getParent();
  }

  private static String sha256(Path file) throws IOException, java.security.NoSuchAlgorithmException {
    return Hex.encode(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
