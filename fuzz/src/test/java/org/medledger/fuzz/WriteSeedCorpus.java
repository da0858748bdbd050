package org.medledger.fuzz;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Writes each fuzz target's seeds — valid inputs made by the real encoders, which each class
 * returns from a static {@code seeds()} as a map from fuzz method to inputs — into the folder
 * Jazzer replays ({@code src/test/resources/<package>/<Class>Inputs/<method>/seed-<n>}). Not a
 * default test (surefire runs {@code *FuzzTest} here); {@code bin/fuzz --write-seeds} runs it.
 * The seeds are made from fixed values and the golden chains, so a rewrite changes no byte unless
 * an encoder changed. Crashing inputs ({@code crash-<sha1>}, written there by Jazzer) stay beside
 * them for good.
 */
class WriteSeedCorpus {
  static final List<String> TARGETS = List.of(
      "org.medledger.core.tx.TransactionFuzzTest",
      "org.medledger.core.block.BlockFuzzTest",
      "org.medledger.core.evidence.EquivocationFuzzTest",
      "org.medledger.consensus.message.ConsensusMessageFuzzTest",
      "org.medledger.node.bft.SyncMessageFuzzTest",
      "org.medledger.node.vault.VaultMessageFuzzTest",
      "org.medledger.vault.ShardManifestFuzzTest",
      "org.medledger.network.TopicFrameDecoderFuzzTest",
      "org.medledger.apps.drugs.contract.gs1.Gs1FuzzTest",
      "org.medledger.apps.drugs.contract.DrugEventListFuzzTest",
      "org.medledger.apps.insurance.contract.InsuranceCodecFuzzTest",
      "org.medledger.apps.drugs.node.epcis.EpcisDocumentFuzzTest",
      "org.medledger.core.genesis.GenesisJsonFuzzTest",
      "org.medledger.node.config.NodeConfigFuzzTest",
      "org.medledger.client.ReceiptFuzzTest",
      "org.medledger.node.api.RestBodyFuzzTest",
      "org.medledger.apps.records.node.api.HealthRoutesFuzzTest",
      "org.medledger.apps.insurance.node.InsuranceNodeFuzzTest",
      "org.medledger.apps.records.contract.audit.SignedReadRequestFuzzTest",
      "org.medledger.node.bft.EngineStateFileFuzzTest",
      "org.medledger.node.ledger.LedgerRecordsFuzzTest",
      "org.medledger.apps.safety.contract.UdiFuzzTest");

  @Test
  @SuppressWarnings("unchecked")
  void writesTheSeedsOfEveryTarget() throws Exception {
    for (String name : TARGETS) {
      Class<?> target = Class.forName(name);
      Method seeds = target.getDeclaredMethod("seeds");
      seeds.setAccessible(true);
      Map<String, List<byte[]>> byMethod = (Map<String, List<byte[]>>) seeds.invoke(null);
      for (Map.Entry<String, List<byte[]>> e : byMethod.entrySet()) {
        if (java.util.Arrays.stream(target.getDeclaredMethods()).noneMatch(m -> m.getName().equals(e.getKey()))) {
          throw new AssertionError(name + " has no fuzz method " + e.getKey());
        }
        Path dir = Path.of("src", "test", "resources", target.getPackageName().replace('.', '/'),
            target.getSimpleName() + "Inputs", e.getKey());
        Files.createDirectories(dir);
        for (int i = 0; i < e.getValue().size(); i++) {
          Files.write(dir.resolve("seed-" + i), e.getValue().get(i));
        }
        System.out.println(name + "#" + e.getKey() + ": " + e.getValue().size() + " seeds in " + dir);
      }
    }
  }
}
