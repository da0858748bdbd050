package org.medledger.it.golden;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.medledger.crypto.Hash;

/**
 * A recorded chain: the genesis file as written by network init, the hash of the genesis and of
 * block 0 derived from it, and every block after it. On disk, a folder with {@code genesis.json}
 * and {@code chain.txt}: one tab-separated line per block and per transaction, bytes in base64,
 * messages escaped onto one line, so a regenerated fixture shows in a diff which text changed.
 *
 * <pre>
 * genesis  genesis-hash  block-0-hash
 * block    height  block-hash  state-root  log-root  base64(block as committed)
 * tx       index  label  weight  ok|failed  code  message
 * </pre>
 */
public record GoldenChain(String genesisJson, Hash genesisHash, Hash genesisBlockHash, List<GoldenBlock> blocks) {
  public static final String GENESIS_FILE = "genesis.json";
  public static final String CHAIN_FILE = "chain.txt";
  static final String HEADER = "# MedLedger golden chain, format 1 (it/.../golden/GoldenChain.java). Recorded by"
      + " bin/record-golden-chain; never edit by hand.";

  public GoldenChain {
    blocks = List.copyOf(blocks);
  }

  public GoldenChain withBlock(int index, GoldenBlock block) {
    List<GoldenBlock> changed = new ArrayList<>(blocks);
    changed.set(index, block);
    return new GoldenChain(genesisJson, genesisHash, genesisBlockHash, changed);
  }

  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(GENESIS_FILE), genesisJson, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    out.append("genesis\t").append(genesisHash.hex()).append('\t').append(genesisBlockHash.hex()).append('\n');
    Base64.Encoder b64 = Base64.getEncoder();
    for (GoldenBlock b : blocks) {
      out.append("block\t").append(b.height()).append('\t').append(b.blockHash().hex()).append('\t')
          .append(b.stateRoot().hex()).append('\t').append(b.logRoot().hex()).append('\t')
          .append(b64.encodeToString(b.bytes())).append('\n');
      for (int i = 0; i < b.txs().size(); i++) {
        GoldenTx t = b.txs().get(i);
        out.append("tx\t").append(i).append('\t').append(OneLine.escape(t.label())).append('\t').append(t.weight())
            .append('\t').append(t.success() ? "ok" : "failed").append('\t').append(OneLine.escape(t.code()))
            .append('\t').append(OneLine.escape(t.message())).append('\n');
      }
    }
    Files.writeString(dir.resolve(CHAIN_FILE), out, StandardCharsets.UTF_8);
  }

  /** Reads a folder {@link #write} made; a malformed line is refused with its number. */
  public static GoldenChain read(Path dir) throws IOException {
    String genesisJson = Files.readString(dir.resolve(GENESIS_FILE), StandardCharsets.UTF_8);
    List<String> lines = Files.readAllLines(dir.resolve(CHAIN_FILE), StandardCharsets.UTF_8);
    Hash genesisHash = null;
    Hash genesisBlockHash = null;
    List<GoldenBlock> blocks = new ArrayList<>();
    PendingBlock pending = null;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      try {
        switch (f[0]) {
          case "genesis" -> {
            expectFields(f, 3);
            genesisHash = Hash.fromHex(f[1]);
            genesisBlockHash = Hash.fromHex(f[2]);
          }
          case "block" -> {
            expectFields(f, 6);
            if (pending != null) {
              blocks.add(pending.done());
            }
            pending = new PendingBlock(Long.parseLong(f[1]), Hash.fromHex(f[2]), Hash.fromHex(f[3]), Hash.fromHex(f[4]),
                Base64.getDecoder().decode(f[5]));
          }
          case "tx" -> {
            expectFields(f, 7);
            if (pending == null || Integer.parseInt(f[1]) != pending.txs.size()) {
              throw new IllegalArgumentException("transaction " + f[1] + " out of place");
            }
            if (!f[4].equals("ok") && !f[4].equals("failed")) {
              throw new IllegalArgumentException("outcome must be ok or failed, not " + f[4]);
            }
            pending.txs.add(new GoldenTx(OneLine.unescape(f[2]), Long.parseLong(f[3]), f[4].equals("ok"),
                OneLine.unescape(f[5]), OneLine.unescape(f[6])));
          }
          default -> throw new IllegalArgumentException("unknown line kind '" + f[0] + "'");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(dir.resolve(CHAIN_FILE) + " line " + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    if (pending != null) {
      blocks.add(pending.done());
    }
    if (genesisHash == null) {
      throw new IllegalArgumentException(dir.resolve(CHAIN_FILE) + ": no genesis line");
    }
    return new GoldenChain(genesisJson, genesisHash, genesisBlockHash, blocks);
  }

  private static void expectFields(String[] f, int count) {
    if (f.length != count) {
      throw new IllegalArgumentException("'" + f[0] + "' line has " + f.length + " fields, expected " + count);
    }
  }

  private record PendingBlock(long height, Hash hash, Hash stateRoot, Hash logRoot, byte[] bytes, List<GoldenTx> txs) {
    PendingBlock(long height, Hash hash, Hash stateRoot, Hash logRoot, byte[] bytes) {
      this(height, hash, stateRoot, logRoot, bytes, new ArrayList<>());
    }

    GoldenBlock done() {
      return new GoldenBlock(height, hash, stateRoot, logRoot, bytes, txs);
    }
  }
}
