package org.medledger.apps.trials.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.erdtman.jcs.JsonCanonicalizer;
import org.medledger.apps.trials.contract.TrialsContract;
import org.medledger.client.MedLedgerClient;
import org.medledger.node.application.ApiOptions;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger trials register|amend|enrol|results|show|reveal|verify-protocol}: a sponsor signs its registration,
 * amendments and results with its own key (the JSON file is canonicalised to RFC 8785 first, so
 * any layout of the same document gives the same hash); an investigator or the sponsor enrols a
 * patient under her research consent; anyone reads a trial's versions and flags from the public registry.
 * The sponsor reveals the full protocol its registration committed by hash; anyone checks a
 * protocol file against the ledger offline, with its state receipt and the genesis.
 */
@Command(name = "trials", description = "The clinical-trial registry (issue 17, docs/trials.md): register, amend, enrol,"
    + " submit results, show.", subcommands = {TrialsCommand.Register.class, TrialsCommand.Amend.class, TrialsCommand.Enrol.class,
        TrialsCommand.Results.class, TrialsCommand.Show.class, TrialsCommand.Reveal.class,
        TrialsCommand.VerifyProtocol.class})
final class TrialsCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The RFC 8785 text of a JSON file, whatever its layout. */
  static String canonical(Path file) throws IOException {
    return new JsonCanonicalizer(Files.readString(file)).getEncodedString();
  }

  /** Signs {@code trials.method(args)} with the member's own key, submits it and prints the outcome. */
  static int submit(SignedCommand signer, String method, Map<String, String> args, String what) throws Exception {
    return SignedCommand.answered(() -> SignedCommand.transactionOutcome(signer.submit(TrialsContract.NAME, method, args), what));
  }

  @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a trial (sponsor): the JSON registration"
      + " document of docs/trials.md, canonicalised before signing.")
  static final class Register implements Callable<Integer> {
    @Mixin
    SignedCommand signer = new SignedCommand();

    @Parameters(index = "0", description = "the registration document (JSON)")
    Path document;

    @Override
    public Integer call() throws Exception {
      return submit(signer, TrialsContract.REGISTER, Map.of("document", canonical(document)), "registered");
    }
  }

  @Command(name = "amend", mixinStandardHelpOptions = true, description = "A new version of your trial's registration, with"
      + " the reason for it (sponsor of the trial's organisation).")
  static final class Amend implements Callable<Integer> {
    @Mixin
    SignedCommand signer = new SignedCommand();

    @Parameters(index = "0", description = "the trial id")
    String trialId;

    @Parameters(index = "1", description = "the amended registration document (JSON)")
    Path document;

    @Option(names = "--reason", required = true, description = "why the registration changes (stated on the ledger)")
    String reason;

    @Override
    public Integer call() throws Exception {
      return submit(signer, TrialsContract.AMEND, new TreeMap<>(Map.of("trialId", trialId, "document", canonical(document),
          "reason", reason)), "amended " + trialId);
    }
  }

  @Command(name = "enrol", mixinStandardHelpOptions = true, description = "Enrol a registered patient into a registered trial"
      + " under her research consent (HRESCH, granted to the trial's sponsor): an investigator, or the trial's sponsor.")
  static final class Enrol implements Callable<Integer> {
    @Mixin
    SignedCommand signer = new SignedCommand();

    @Parameters(index = "0", description = "the trial id")
    String trialId;

    @Option(names = "--patient", required = true, description = "the patient's id on the ledger (64 hex)")
    String patient;

    @Option(names = "--consent", required = true, description = "the id of her research consent on the ledger (64 hex)")
    String consent;

    @Override
    public Integer call() throws Exception {
      return submit(signer, TrialsContract.ENROL, new TreeMap<>(Map.of("trialId", trialId, "patient", patient, "consent", consent)),
          "enrolled in " + trialId);
    }
  }

  @Command(name = "results", mixinStandardHelpOptions = true, description = "Submit your trial's results (the reported"
      + " outcomes, docs/trials.md); the ledger flags every outcome not reported, added or silently changed.")
  static final class Results implements Callable<Integer> {
    @Mixin
    SignedCommand signer = new SignedCommand();

    @Parameters(index = "0", description = "the trial id")
    String trialId;

    @Parameters(index = "1", description = "the results document (JSON)")
    Path document;

    @Override
    public Integer call() throws Exception {
      return submit(signer, TrialsContract.SUBMIT_RESULTS, Map.of("trialId", trialId, "document", canonical(document)),
          "results of " + trialId + " (see their flags: medledger trials show " + trialId + ")");
    }
  }

  @Command(name = "reveal", mixinStandardHelpOptions = true, description = "Publish your trial's full protocol (sponsor of"
      + " the trial's organisation): the file's exact bytes, which the ledger accepts only if they hash to a protocolHash a"
      + " committed version of the registration named.")
  static final class Reveal implements Callable<Integer> {
    @Mixin
    SignedCommand signer = new SignedCommand();

    @Parameters(index = "0", description = "the trial id")
    String trialId;

    @Parameters(index = "1", description = "the full protocol, byte for byte as hashed at registration")
    Path protocol;

    @Override
    public Integer call() throws Exception {
      return submit(signer, TrialsContract.REVEAL_PROTOCOL, Map.of("trialId", trialId, "protocol",
          org.medledger.crypto.Hex.encode(Files.readAllBytes(protocol))), "revealed the protocol of " + trialId);
    }
  }

  @Command(name = "verify-protocol", mixinStandardHelpOptions = true, description = "Check a protocol file against the ledger"
      + " offline: the state receipt of its commitment (GET /v1/receipts/state?key=trials/protocol/{trialId}/{hash}, public)"
      + " must verify against the genesis and the file must hash to the committed hash. Exit 0 when it holds; 1 and the failed"
      + " check when not.")
  static final class VerifyProtocol implements Callable<Integer> {
    @Parameters(index = "0", description = "the protocol file")
    Path protocol;

    @Option(names = "--receipt", required = true, description = "the state receipt of trials/protocol/{trialId}/{hash} (JSON)")
    Path receipt;

    @Option(names = "--genesis", required = true, description = "the network's genesis.json")
    Path genesis;

    @Override
    public Integer call() throws Exception {
      org.medledger.client.Verification v = ProtocolCheck.verify(org.medledger.core.genesis.GenesisJson.read(Files.readString(genesis)),
          JSON.readTree(Files.readString(receipt)), Files.readAllBytes(protocol));
      if (v instanceof org.medledger.client.Verification.Verified ok) {
        System.out.println("VERIFIED: " + ok.summary());
        return 0;
      }
      org.medledger.client.Verification.Failed f = (org.medledger.client.Verification.Failed) v;
      System.out.println("FAILED check '" + f.check() + "': " + f.reason());
      return 1;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A trial's versions (with the outcome diff against"
      + " the version in force at first enrolment, and the full protocol each commits, revealed or not) and flags, from the public registry (no identity needed).")
  static final class Show implements Callable<Integer> {
    @Mixin
    ApiOptions api;

    @Parameters(index = "0", description = "the trial id")
    String trialId;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        MedLedgerClient client = api.client();
        JsonNode t = client.get("v1/trials/" + trialId);
        System.out.println("trial " + trialId + " of " + t.get("sponsor").asText() + ": version " + t.get("latestVersion").asText()
            + ", " + t.get("enrolments").asText() + " enrolled, results due " + t.get("resultsDue").asText()
            + ("0".equals(t.get("resultsHeight").asText()) ? ", no results yet" : ", results at height " + t.get("resultsHeight").asText()));
        JsonNode v = client.get("v1/trials/" + trialId + "/versions");
        for (int n = 1; n <= v.get("versions").asInt(); n++) {
          String p = String.format(java.util.Locale.ROOT, "version.%04d.", n);
          System.out.println("  v" + n + " " + v.get(p + "documentHash").asText() + " against v" + v.get("baselineVersion").asText()
              + ": " + v.get(p + "outcomesAgainstBaseline").asText() + (n == 1 ? "" : "; reason: " + v.get(p + "reason").asText()));
          JsonNode one = client.get("v1/trials/" + trialId + "/versions/" + n);
          if (!one.path("protocolHash").asText().isEmpty()) {
            System.out.println("    full protocol " + one.get("protocolHash").asText() + ("0".equals(one.path("protocolRevealHeight")
                .asText("0")) ? ": kept by its sponsor, not revealed yet" : ": revealed at height " + one.get("protocolRevealHeight")
                .asText() + ", GET /v1/trials/" + trialId + "/versions/" + n + "/protocol") + " (receipt "
                + one.get("protocolReceipt").asText() + ")");
          }
        }
        JsonNode f = client.get("v1/trials/" + trialId + "/flags");
        for (int n = 1; n <= f.get("flags").asInt(); n++) {
          String p = String.format(java.util.Locale.ROOT, "flag.%04d.", n);
          System.out.println("  flag " + f.get(p + "kind").asText() + " " + f.get(p + "outcomeId").asText() + ": "
              + f.get(p + "detail").asText() + " (receipt " + f.get(p + "receipt").asText() + ")");
        }
        return 0;
      });
    }
  }
}
