package org.medledger.core.block;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.tx.Transaction;
import org.medledger.fuzz.Canonical;
import org.medledger.fuzz.GoldenBlocks;

/**
 * Blocks, headers and signed headers as a peer (state sync, proposals) or a receipt hands them
 * over: each is refused with a DecodeException or written back unchanged.
 */
class BlockFuzzTest {
  private static final int MAX_BLOCK_BYTES = 8 << 20;

  @FuzzTest
  void block(byte[] input) {
    Block block;
    try {
      block = Block.decode(input, MAX_BLOCK_BYTES);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("Block.decode", input, block.encode());
    BlockHeader front = Block.decodeHeader(input);
    if (!front.equals(block.header())) {
      throw new AssertionError("Block.decodeHeader reads " + front + " but Block.decode reads " + block.header());
    }
    for (Transaction tx : block.transactions()) {
      Canonical.assertReencodes("a block's transaction", tx.encoded(), Transaction.decode(tx.encoded()).encoded());
    }
  }

  @FuzzTest
  void header(byte[] input) {
    BlockHeader header;
    try {
      header = BlockHeader.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("BlockHeader.decode", input, header.encode());
  }

  @FuzzTest
  void signedHeader(byte[] input) {
    SignedHeader signed;
    try {
      signed = SignedHeader.decode(input);
    } catch (DecodeException refused) {
      return;
    }
    Canonical.assertReencodes("SignedHeader.decode", input, signed.encode());
  }

  /** Blocks of the golden chains: empty ones, ones with a few transactions, both suites. */
  static Map<String, List<byte[]>> seeds() {
    List<byte[]> blocks = new ArrayList<>();
    List<byte[]> headers = new ArrayList<>();
    List<byte[]> signed = new ArrayList<>();
    for (String suite : List.of("intl", "gm")) {
      for (Block b : GoldenBlocks.first(suite, 6)) {
        if (b.encode().length <= 8192) {
          blocks.add(b.encode());
        }
        headers.add(b.header().encode());
        signed.add(b.signedHeader().encode());
      }
    }
    return Map.of("block", blocks, "header", headers, "signedHeader", signed);
  }
}
