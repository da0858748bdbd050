package org.medledger.it.golden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.crypto.Hash;

/** The fixture's line format keeps every message and byte exactly, and names a bad line. */
class GoldenChainFormatTest {
  @Test
  void oneLineRoundTripsAnyTextWithoutTabsOrLineBreaks() {
    qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(s -> {
      String escaped = OneLine.escape(s);
      assertThat(escaped).doesNotContain("\t", "\n", "\r");
      assertThat(OneLine.unescape(escaped)).isEqualTo(s);
    });
    String tricky = "a\\tb\tc\nd\re\u0000f\u007f 中文 \\u0041";
    assertThat(OneLine.unescape(OneLine.escape(tricky))).isEqualTo(tricky);
  }

  @Test
  void chainFilesRoundTrip(@TempDir Path dir) throws Exception {
    GoldenChain chain = new GoldenChain("{\"genesis\": true}\n", hash(1), hash(2), List.of(
        new GoldenBlock(1, hash(3), hash(4), hash(5), new byte[] {1, 2, 3},
            List.of(new GoldenTx("notary.anchor", 1, true, "ok", ""),
                new GoldenTx("notary.anchor by x: missing 'hash'", 1, false, "missing_argument", "line\nbreak\tand tab"))),
        new GoldenBlock(2, hash(6), hash(7), hash(8), new byte[0], List.of())));
    chain.write(dir);

    GoldenChain read = GoldenChain.read(dir);

    assertThat(read.genesisJson()).isEqualTo(chain.genesisJson());
    assertThat(read.genesisHash()).isEqualTo(hash(1));
    assertThat(read.genesisBlockHash()).isEqualTo(hash(2));
    assertThat(read.blocks()).hasSize(2);
    assertThat(read.blocks().get(0).txs()).isEqualTo(chain.blocks().get(0).txs());
    assertThat(read.blocks().get(0).bytes()).containsExactly(1, 2, 3);
    assertThat(read.blocks().get(1).stateRoot()).isEqualTo(hash(7));
  }

  @Test
  void refusesAMalformedLineNamingIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(GoldenChain.GENESIS_FILE), "{}");
    Files.writeString(dir.resolve(GoldenChain.CHAIN_FILE),
        "# header\ngenesis\t" + hash(1).hex() + "\t" + hash(2).hex() + "\ntx\t0\tlabel\t1\tok\tok\t\n");

    assertThatThrownBy(() -> GoldenChain.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 3").hasMessageContaining("transaction 0 out of place");
  }

  private static Hash hash(int b) {
    byte[] bytes = new byte[Hash.LENGTH];
    bytes[0] = (byte) b;
    return Hash.of(bytes);
  }
}
