package org.medledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.medledger.client.ReceiptVerifier;
import org.medledger.client.Verification;
import org.medledger.core.genesis.GenesisJson;
import org.medledger.node.application.Applications;
import org.medledger.node.application.ReceiptKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check a receipt (transaction or state fact, docs/receipts.md) or an inclusion proof offline against the genesis alone."
        + " Exit 0 when it holds; 1 and the failed check when it does not.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "receipt JSON from GET /v1/receipts/tx/{txId} or /v1/receipts/state, an application's"
      + " receipt (an insurance claim's EOB, GET /v1/insurance/claims/{id}/eob), or a proof from /v1/proofs/inclusion/{txId}")
  Path proof;

  @Option(names = "--genesis", required = true, description = "the network's genesis.json")
  Path genesis;

  @Override
  public Integer call() throws Exception {
    var genesisFile = GenesisJson.read(Files.readString(genesis));
    var document = new ObjectMapper().readTree(Files.readString(proof));
    // A bare inclusion proof (GET /v1/proofs/inclusion) has no 'kind'; only its inclusion is checked.
    if (!document.has("kind")) {
      return report(new org.medledger.client.InclusionProofVerifier(genesisFile).verify(document));
    }
    String kind = document.path("kind").asText("");
    Optional<ReceiptKind> application = applicationKind(kind);
    return report(application.isPresent() ? application.get().verify(document, genesisFile)
        : new ReceiptVerifier(genesisFile).verify(document));
  }

  /** An application's own receipt kind (insurance's EOB), found on the class path: the CLI names none. */
  private static Optional<ReceiptKind> applicationKind(String kind) {
    if (kind.equals("transaction") || kind.equals("state")) {
      return Optional.empty();
    }
    return Applications.onClassPath().all().stream().flatMap(a -> a.receiptKinds().stream())
        .filter(k -> k.kind().equals(kind)).findFirst();
  }

  /** Prints the verdict the way scripts match it; 0 when it holds, 1 when not. */
  static int report(Verification v) {
    if (v instanceof Verification.Verified ok) {
      System.out.println("VERIFIED: " + ok.summary());
      return 0;
    }
    Verification.Failed f = (Verification.Failed) v;
    System.out.println("FAILED check '" + f.check() + "': " + f.reason());
    return 1;
  }
}
