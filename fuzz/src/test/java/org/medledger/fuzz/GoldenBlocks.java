package org.medledger.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.medledger.core.block.Block;

/**
 * Real blocks for seeds: the recorded golden chain of it/ (it/.../golden/GoldenChain.java, format
 * 1: {@code block ‖ height ‖ hash ‖ state root ‖ log root ‖ base64 block}), read from the source
 * tree, since only {@link WriteSeedCorpus} needs them.
 */
public final class GoldenBlocks {
  private GoldenBlocks() {}

  /** The golden folder of a suite ({@code intl} or {@code gm}), from this module's folder. */
  public static Path folder(String suite) {
    return Path.of("..", "it", "src", "test", "resources", "golden", suite);
  }

  /** The first {@code count} blocks of the suite's golden chain. */
  public static List<Block> first(String suite, int count) {
    List<Block> blocks = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(folder(suite).resolve("chain.txt"), StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f[0].equals("block") && blocks.size() < count) {
          blocks.add(Block.decode(Base64.getDecoder().decode(f[5]), Integer.MAX_VALUE));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return blocks;
  }

  /** The suite's genesis document, as recorded. */
  public static String genesisJson(String suite) {
    try {
      return Files.readString(folder(suite).resolve("genesis.json"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
