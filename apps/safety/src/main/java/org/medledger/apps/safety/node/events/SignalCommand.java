package org.medledger.apps.safety.node.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.medledger.apps.safety.contract.events.AdverseEventsContract;
import org.medledger.node.application.SignedCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code medledger signal threshold|list|recall}: the regulator sets how many reports against a
 * lot or a device model raise a signal, lists counts, thresholds and signals, and recalls a lot
 * through the drugs application's own {@code recall}, then lists who holds it and who received it.
 */
@Command(name = "signal", description = "Safety signals (issue 17, docs/safety.md): threshold, list, recall.",
    subcommands = {SignalCommand.Threshold.class, SignalCommand.ListSignals.class, SignalCommand.Recall.class})
final class SignalCommand {

  @Command(name = "threshold", mixinStandardHelpOptions = true, description = "Set a threshold (regulator): a lot's (--gtin"
      + " and --lot), a model's (--model), or every lot's or model's without its own (neither).")
  static final class Threshold implements Callable<Integer> {
    @Mixin
    MemberSession session = new MemberSession();

    @Option(names = "--kind", required = true, description = "lot or model")
    String kind;

    @Option(names = "--gtin", description = "the lot's GTIN-14")
    String gtin;

    @Option(names = "--lot", description = "the lot")
    String lot;

    @Option(names = "--model", description = "the device model (its device identifier)")
    String model;

    @Option(names = "--reports", required = true, description = "how many reports raise a signal (1-1000000)")
    long reports;

    @Override
    public Integer call() throws Exception {
      Map<String, String> args = new TreeMap<>(Map.of("kind", kind, "reports", Long.toString(reports)));
      for (var e : new String[][] {{"gtin", gtin}, {"lot", lot}, {"model", model}}) {
        if (e[1] != null) {
          args.put(e[0], e[1]);
        }
      }
      return SignedCommand.answered(() -> session.submit(AdverseEventsContract.NAME, AdverseEventsContract.SET_THRESHOLD, args,
          "threshold set"));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Counts per lot and per model, thresholds and signals (regulator).")
  static final class ListSignals implements Callable<Integer> {
    @Mixin
    MemberSession session = new MemberSession();

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        JsonNode s = session.client().get("v1/signals");
        System.out.println("at height " + s.get("height").asText());
        System.out.println("reports per lot: " + s.get("reportsPerLot"));
        System.out.println("reports per model: " + s.get("reportsPerModel"));
        System.out.println("thresholds: " + s.get("thresholds"));
        for (JsonNode x : s.get("signals")) {
          System.out.println("signal: " + x.get("kind").asText() + " " + x.get("subject").asText() + " reached " + x.get("count").asText()
              + " of threshold " + x.get("threshold").asText() + " with case " + x.get("case").asText() + " at height "
              + x.get("height").asText() + " (receipt: medledger-state key " + x.get("receiptKey").asText() + ")");
        }
        return 0;
      });
    }
  }

  @Command(name = "recall", mixinStandardHelpOptions = true, description = "Recall a lot through drugs' recall (regulator), then"
      + " list the pharmacies holding it and, where patients consented, the patients who received it.")
  static final class Recall implements Callable<Integer> {
    @Mixin
    MemberSession session = new MemberSession();

    @Option(names = "--gtin", required = true, description = "the lot's GTIN-14")
    String gtin;

    @Option(names = "--lot", required = true, description = "the lot")
    String lot;

    @Option(names = "--reason", required = true, description = "why (stated on the ledger)")
    String reason;

    @Override
    public Integer call() throws Exception {
      return SignedCommand.answered(() -> {
        // Drugs records a recall of any lot (one not on the ledger may still be on shelves); a lot this ledger never
        // commissioned is most often a typing slip, and its recall would list no holder, so the lot is looked up first.
        String lotQuery = "v1/adverse-events/lot?gtin=" + gtin + "&lot=" + URLEncoder.encode(lot, StandardCharsets.UTF_8);
        session.client().get(lotQuery);
        int code = session.submit("drugs", "recall", Map.of("gtin", gtin, "lot", lot, "reason", reason), "recalled lot " + lot);
        if (code != 0) {
          return code;
        }
        JsonNode l = session.client().get(lotQuery);
        for (JsonNode h : l.get("holders")) {
          System.out.println("holder: " + h.get("organisation").asText() + " " + h.get("packs").asText() + " pack(s)"
              + (h.get("inTransit").asBoolean() ? " in transit" : ""));
        }
        JsonNode r = l.get("receivedBy");
        System.out.println("dispensed to patients: " + r.get("packsToPatients").asText() + " pack(s), by pharmacy "
            + r.get("packsToPatientsByPharmacy"));
        for (JsonNode p : r.get("contactablePatients")) {
          System.out.println("patient to reach: " + p.asText());
        }
        System.out.println("patients without contact consent (reached through their pharmacy): "
            + r.get("patientsWithoutContactConsent").asText());
        return 0;
      });
    }
  }
}
