package org.medledger.apps.care.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger care plan add|list|show}: a clinician appends a version of a care plan or goal
 * (signed with her own key, as {@code care.planVersion} takes it), and anyone the timeline lets see
 * them lists a patient's plans and goals or shows one chain's versions. The reads go through the
 * timeline route, so the patient's consent decides and the look is logged like any other.
 */
@Command(name = "plan", description = "Care plan and goal versions: add one, list a patient's, show one chain.",
    subcommands = {CarePlanCommand.Add.class, CarePlanCommand.ListPlans.class, CarePlanCommand.Show.class})
final class CarePlanCommand {

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Append a version of a care plan or goal whose FHIR"
      + " document your hospital stored as a health record (category care), signed with your key.")
  static final class Add implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the patient id (64 hex)")
    String patient;

    @Option(names = "--kind", required = true, description = "CarePlan or Goal: the stored record's resource type")
    String kind;

    @Option(names = "--record", required = true, description = "the health record holding this version's document")
    String record;

    @Option(names = "--version", required = true, description = "1 for a new plan, else the latest version's number plus one")
    long version;

    @Option(names = "--previous", description = "the record of the version this one follows (not for version 1)")
    String previous;

    @Option(names = "--reason", required = true, description = "why this version was written (1-200 characters)")
    String reason;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new TreeMap<>(Map.of("patient", patient, "kind", kind, "record", record, "version",
          Long.toString(version), "reason", reason));
      if (previous != null) {
        args.put("previous", previous);
      }
      return CareCommand.submit(caller, CareContract.PLAN_VERSION, args, "version " + version + " of " + kind);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "A patient's care plans and goals as far as you may"
      + " see them (your look is logged).")
  static final class ListPlans implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the patient id (64 hex)")
    String patient;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode t = caller.login().get("v1/care/patients/" + patient + "/timeline");
        int shown = 0;
        for (String kind : new String[] {"plans", "goals"}) {
          for (JsonNode p : t.path(kind)) {
            System.out.println(("plans".equals(kind) ? "CarePlan " : "Goal ") + p.get("chain").asText() + " of "
                + p.get("organisation").asText() + ", latest version " + p.get("latestVersion").asText());
            shown++;
          }
        }
        if (shown == 0) {
          System.out.println("no care plan or goal of patient " + patient + " is yours to see");
        }
        System.out.println("your look is logged in transaction " + t.get("audit").asText());
        return 0;
      });
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Every version of one care plan or goal you may see:"
      + " number, record, author, hospital, block time and reason (your look is logged).")
  static final class Show implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the patient id (64 hex)")
    String patient;

    @Parameters(index = "1", description = "the plan or goal: its version 1's record (64 hex)")
    String chain;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode t = caller.login().get("v1/care/patients/" + patient + "/timeline");
        for (String kind : new String[] {"plans", "goals"}) {
          for (JsonNode p : t.path(kind)) {
            if (!p.get("chain").asText().equals(chain)) {
              continue;
            }
            System.out.println(("plans".equals(kind) ? "CarePlan " : "Goal ") + chain + " of " + p.get("organisation").asText()
                + ", latest version " + p.get("latestVersion").asText());
            for (JsonNode v : p.path("versions")) {
              System.out.println("  v" + v.get("version").asText() + " record " + v.get("record").asText() + " by "
                  + v.get("author").asText() + " of " + v.get("organisation").asText() + " at "
                  + java.time.Instant.ofEpochMilli(v.get("timestamp").asLong()) + " (height " + v.get("height").asText()
                  + ", transaction " + v.get("txId").asText() + "): " + v.get("reason").asText());
            }
            System.out.println("your look is logged in transaction " + t.get("audit").asText());
            return 0;
          }
        }
        System.err.println("medledger: no care plan or goal " + chain + " of patient " + patient + " is yours to see");
        return 1;
      });
    }
  }
}
