package org.medledger.apps.safety.node.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medledger adverse-event report|follow-up|show}: a clinician, a pharmacy's member or the
 * patient herself signs a report with her own key (the ledger checks who she is and that the lot
 * or device is on it); the reporting side adds follow-up versions; who may read a case reads it.
 */
@Command(name = "adverse-event", description = "Adverse-event reports (issue 17, docs/safety.md): report, follow-up, show.",
    subcommands = {AdverseEventCommand.Report.class, AdverseEventCommand.FollowUp.class, AdverseEventCommand.Show.class})
final class AdverseEventCommand {

  /** What happened, as each version says it whole. */
  static final class Clinical {
    @Option(names = "--reactions", required = true, description = "reaction terms, comma-separated (docs/safety.md: rash, urticaria, anaphylaxis, …, other)")
    String reactions;

    @Option(names = "--description", description = "free text beside the terms")
    String description;

    @Option(names = "--seriousness", required = true, description = "FHIR adverse-event-seriousness code: Non-serious, Serious, SeriousResultsInDeath, …")
    String seriousness;

    @Option(names = "--outcome", required = true, description = "resolved, recovering, ongoing, resolvedWithSequelae, fatal or unknown")
    String outcome;

    @Option(names = "--causality", description = "the reporter's causality assessment (FHIR adverse-event-causality-assess):"
        + " Certain, Probably-Likely, Possible, Unlikely, Conditional-Classified or Unassessable-Unclassifiable")
    String causality;

    @Option(names = "--onset", required = true, description = "the day the reaction began, YYYY-MM-DD")
    String onset;

    Map<String, String> args() {
      Map<String, String> m = new TreeMap<>(Map.of("reactions", reactions, "seriousness", seriousness, "outcome", outcome, "onset", onset));
      if (description != null) {
        m.put("description", description);
      }
      if (causality != null) {
        m.put("causality", causality);
      }
      return m;
    }
  }

  /** The suspect: a drug lot or a device unit. */
  static final class SuspectOptions {
    @Option(names = "--gtin", description = "the suspect drug's GTIN-14")
    String gtin;

    @Option(names = "--lot", description = "its lot")
    String lot;

    @Option(names = "--serial", description = "the pack's serial, if known (checks the lot in one read)")
    String serial;

    @Option(names = "--udi", description = "the suspect device unit's UDI (GS1 or HIBCC)")
    String udi;
  }

  @Command(name = "report", mixinStandardHelpOptions = true, description = "Report an adverse event (clinician, pharmacy or the"
      + " patient herself) against a drug lot or a device unit on the ledger.")
  static final class Report implements Callable<Integer> {
    @Mixin
    MemberSession session = new MemberSession();

    @Option(names = "--patient", required = true, description = "the patient's id (64 hex); a patient names her own")
    String patient;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "what happened%n")
    Clinical clinical;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "the suspect%n")
    SuspectOptions suspect;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = clinical.args();
      args.put("patient", patient);
      for (var e : new String[][] {{"gtin", suspect.gtin}, {"lot", suspect.lot}, {"serial", suspect.serial}, {"udi", suspect.udi}}) {
        if (e[1] != null) {
          args.put(e[0], e[1]);
        }
      }
      return SignedCommand.answered(() -> session.submit(AdverseEventsContract.NAME, AdverseEventsContract.REPORT, args,
          "reported (the case id is the transaction id)"));
    }
  }

  @Command(name = "follow-up", mixinStandardHelpOptions = true, description = "A new version of a case you reported (its"
      + " reporting organisation's members of the reporter's role, or the patient for her own report).")
  static final class FollowUp implements Callable<Integer> {
    @Mixin
    MemberSession session = new MemberSession();

    @Parameters(index = "0", description = "the case id")
    String caseId;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "what happened, as of now%n")
    Clinical clinical;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = clinical.args();
      args.put("case", caseId);
      return SignedCommand.answered(() -> session.submit(AdverseEventsContract.NAME, AdverseEventsContract.FOLLOW_UP, args,
          "followed up " + caseId));
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A case, every version, and what it links to (for the"
      + " regulator, the patient, or the reporting side).")
  static final class Show implements Callable<Integer> {
    @Mixin
    MemberSession session = new MemberSession();

    @Parameters(index = "0", description = "the case id")
    String caseId;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode c = session.client().get("v1/adverse-events/" + caseId);
        JsonNode s = c.get("suspect");
        System.out.println("case " + caseId + " about patient " + c.get("patient").asText() + ", reported by a "
            + c.get("reporterRole").asText() + " of " + c.get("reporterOrganisation").asText() + "; suspect "
            + ("lot".equals(s.get("kind").asText()) ? "lot " + s.get("lot").asText() + " of GTIN " + s.get("gtin").asText()
                : "device " + s.get("udi").asText()));
        for (JsonNode v : c.get("versions")) {
          System.out.println("  v" + v.get("version").asText() + " at height " + v.get("height").asText() + ": "
              + v.get("reactions") + " " + v.get("seriousness").asText() + ", " + v.get("outcome").asText()
              + (v.hasNonNull("causality") ? ", causality " + v.get("causality").asText() : "") + ", onset "
              + v.get("onset").asText() + (v.get("description").asText().isEmpty() ? "" : " (" + v.get("description").asText() + ")")
              + " receipt " + v.get("receipt").asText());
        }
        JsonNode lot = c.path("lotRecord");
        if (!lot.isMissingNode()) {
          System.out.println("  lot record: maker " + lot.get("maker").asText() + ", " + lot.get("reports").asText() + " report(s), "
              + (lot.get("recalled").asBoolean() ? "recalled" : "not recalled") + ", holders " + lot.get("holders")
              + ", dispensed by " + lot.get("dispensedBy"));
        }
        JsonNode unit = c.path("deviceUnit");
        if (!unit.isMissingNode()) {
          System.out.println("  device unit: " + unit);
        }
        return 0;
      });
    }
  }
}
