package org.medledger.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medledger.client.InclusionProofVerifier;
import org.medledger.client.Verification;
import org.medledger.core.genesis.GenesisJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check a transaction's inclusion proof offline against the genesis alone. Exit 0 when it holds.")
final class VerifyCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "proof JSON as GET /v1/proofs/inclusion/{txId} returns it")
  Path proof;

  @Option(names = "--genesis", required = true, description = "the network's genesis.json")
  Path genesis;

  @Override
  public Integer call() throws Exception {
    Verification v = new InclusionProofVerifier(GenesisJson.read(Files.readString(genesis)))
        .verify(new ObjectMapper().readTree(Files.readString(proof)));
    if (v instanceof Verification.Verified ok) {
      System.out.println("VERIFIED: " + ok.summary());
      return 0;
    }
    Verification.Failed f = (Verification.Failed) v;
    System.out.println("FAILED check '" + f.check() + "': " + f.reason());
    return 1;
  }
}
