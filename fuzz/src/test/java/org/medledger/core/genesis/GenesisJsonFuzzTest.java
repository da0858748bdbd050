package org.medledger.core.genesis;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.medledger.fuzz.Canonical;
import org.medledger.fuzz.GoldenBlocks;

/**
 * A genesis document, which every operator receives from the consortium: refused with the
 * IllegalArgumentException naming the bad field, or read into a genesis that writes and reads
 * back unchanged. JSON text is not canonical, so the check is on what is read:
 * write(read(write(read(x)))) == write(read(x)) (the genesis hash is computed from its fields,
 * never from the text).
 */
class GenesisJsonFuzzTest {
  @FuzzTest
  void readsOrRefuses(byte[] input) {
    Genesis genesis;
    try {
      genesis = GenesisJson.read(new String(input, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException refused) {
      return;
    }
    String written = GenesisJson.write(genesis);
    Genesis again = GenesisJson.read(written);
    Canonical.assertStable("GenesisJson.read then write", genesis, again);
    Canonical.assertStable("GenesisJson.write", written, GenesisJson.write(again));
  }

  /**
   * The golden chains' genesis documents (both suites), and the intl one starting the chain at
   * protocol version 2 (its optional {@code protocolVersion} field, which network init writes).
   */
  static Map<String, List<byte[]>> seeds() {
    String startsAtTwo = GenesisJson.write(GenesisJson.read(GoldenBlocks.genesisJson("intl")).withProtocolVersion(2));
    return Map.of("readsOrRefuses", List.of(GoldenBlocks.genesisJson("intl").getBytes(StandardCharsets.UTF_8),
        GoldenBlocks.genesisJson("gm").getBytes(StandardCharsets.UTF_8), startsAtTwo.getBytes(StandardCharsets.UTF_8)));
  }
}
