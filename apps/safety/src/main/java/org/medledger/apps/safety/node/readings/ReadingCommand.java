package org.medledger.apps.safety.node.readings;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medledger.client.Verification;
import org.medledger.core.genesis.GenesisJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medledger device reading verify FILE --genesis G}: a reading's receipt checked offline (docs/safety.md). */
@Command(name = "reading", description = "Device readings (issue 17, item 7).", subcommands = ReadingCommand.Verify.class)
public final class ReadingCommand {
  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check a reading's receipt (GET"
      + " /v1/safety/readings/receipt) offline against the genesis alone. Exit 0 when it holds; 1 and the failed check when not.")
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", description = "the reading's receipt (kind device-reading)")
    Path receipt;

    @Option(names = "--genesis", required = true, description = "the network's genesis.json")
    Path genesis;

    @Override
    public Integer call() throws Exception {
      var document = new ObjectMapper().readTree(Files.readString(receipt));
      Verification v = new ReadingReceiptVerifier().verify(document, GenesisJson.read(Files.readString(genesis)));
      if (v instanceof Verification.Verified ok) {
        System.out.println("VERIFIED: " + ok.summary());
        return 0;
      }
      Verification.Failed f = (Verification.Failed) v;
      System.out.println("FAILED check '" + f.check() + "': " + f.reason());
      return 1;
    }
  }
}
