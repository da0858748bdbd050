package org.medledger.apps.care.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code medledger care …}: read a patient's timeline, record a milestone signed with your own key
 * (a clinician, or the patient for her own), share one milestone with an organisation or take the
 * share back (the patient); {@code care plan …} is {@link CarePlanCommand}. Thin: each calls one route of docs/care.md and prints.
 */
@Command(name = "care", description = "Care tracking (issue 16): a patient's timeline across hospitals, milestones, sharing"
    + " one milestone, plan versions.", subcommands = {CareCommand.Timeline.class, CareCommand.RecordMilestone.class,
        CareCommand.Share.class, CarePlanCommand.class})
final class CareCommand {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Signs {@code care.method(args)} with the member's own key, submits it and prints the outcome (a
   * milestone's with where its receipt is).
   */
  static int submit(SignedCommand caller, String method, Map<String, String> args, String what) throws Exception {
    return SignedCommand.answered(() -> SignedCommand.outcome(caller.login().submit(caller.sign(CareContract.NAME, method, args),
        true), r -> what + " " + r.get("txId").asText() + " committed at height " + r.path("height").asText()
        + (CareContract.MILESTONE.equals(method) ? "; its receipt: medledger api get /v1/receipts/tx/" + r.get("txId").asText()
        + ", checked offline with medledger verify" : "")));
  }

  @Command(name = "timeline", mixinStandardHelpOptions = true, description = "A patient's care timeline as far as you may see"
      + " it; your look is logged on the ledger.")
  static final class Timeline implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the patient id (64 hex)")
    String patient;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode t = caller.login().get("v1/care/patients/" + patient + "/timeline");
        for (String kind : new String[] {"plans", "goals"}) {
          for (JsonNode p : t.path(kind)) {
            System.out.println(kind.substring(0, kind.length() - 1) + " " + p.get("chain").asText() + " of "
                + p.get("organisation").asText() + ", version " + p.get("latestVersion").asText());
            for (JsonNode v : p.path("versions")) {
              System.out.println("  v" + v.get("version").asText() + " " + v.get("record").asText() + ": " + v.get("reason").asText());
            }
          }
        }
        for (JsonNode e : t.path("episodes")) {
          System.out.println("episode " + e.get("record").asText() + " at " + e.get("organisation").asText());
        }
        for (JsonNode m : t.path("milestones")) {
          System.out.println("milestone " + m.get("type").asText() + " by " + m.get("organisation").asText() + " ("
              + m.get("signerRole").asText() + ") at height " + m.get("height").asText() + ", receipt " + m.get("receipt").asText());
        }
        System.out.println("shown from: " + String.join(", ", JSON.convertValue(t.path("organisations"), String[].class))
            + "; your look is logged in transaction " + t.get("audit").asText());
        return 0;
      });
    }
  }

  @Command(name = "milestone", mixinStandardHelpOptions = true, description = "Record a recovery milestone signed with your"
      + " key: a clinician of a hospital caring for the patient, or the patient herself (goal-achieved,"
      + " patient-reported-outcome).")
  static final class RecordMilestone implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the patient id (64 hex)")
    String patient;

    @Option(names = "--type", required = true, description = "goal-achieved, discharge, follow-up-done or patient-reported-outcome")
    String type;

    @Option(names = "--chain", description = "the plan or goal (its version 1's record); required for goal-achieved")
    String chain;

    @Option(names = "--record", description = "a health record of hers the milestone cites")
    String record;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new TreeMap<>(Map.of("patient", patient, "type", type));
      if (chain != null) {
        args.put("chain", chain);
      }
      if (record != null) {
        args.put("record", record);
      }
      return submit(caller, CareContract.MILESTONE, args, "milestone");
    }
  }

  @Command(name = "share", mixinStandardHelpOptions = true, description = "Share one of your milestones with one organisation"
      + " (the patient): it sees that entry alone, not the record behind it; --until ends the share at a block time,"
      + " --revoke takes it back.")
  static final class Share implements Callable<Integer> {
    @Mixin
    SignedCommand caller = new SignedCommand();

    @Parameters(index = "0", description = "the milestone id (64 hex)")
    String milestone;

    @Option(names = "--with", required = true, description = "the organisation, e.g. insurer-a")
    String organisation;

    @Option(names = "--until", description = "when the share ends, by the ledger's block time: an instant"
        + " (2027-01-31T00:00:00Z) or epoch milliseconds")
    String until;

    @Option(names = "--revoke", description = "take the share back: the organisation's next read is refused")
    boolean revoke;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new TreeMap<>(Map.of("milestone", milestone, "organisation", organisation));
      if (revoke) {
        if (until != null) {
          System.err.println("medledger: --until gives a share an end; --revoke takes one back: use one of them");
          return 2;
        }
        return submit(caller, CareContract.REVOKE_SHARE, args, "revocation");
      }
      if (until != null) {
        try {
          args.put("until", Long.toString(blockTime(until)));
        } catch (IllegalArgumentException e) {
          System.err.println("medledger: " + e.getMessage());
          return 2;
        }
      }
      return submit(caller, CareContract.SHARE_MILESTONE, args, "share");
    }

    /** An instant or epoch milliseconds, as the contract's {@code until} (epoch milliseconds). */
    static long blockTime(String text) {
      if (text.chars().allMatch(Character::isDigit) && !text.isEmpty()) {
        return Long.parseLong(text);
      }
      try {
        return java.time.Instant.parse(text).toEpochMilli();
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("--until '" + text + "' is neither an instant (2027-01-31T00:00:00Z) nor epoch"
            + " milliseconds");
      }
    }
  }
}
