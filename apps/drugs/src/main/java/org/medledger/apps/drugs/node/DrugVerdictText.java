package org.medledger.apps.drugs.node;

import java.util.Map;

/**
 * A verdict the contract computes ({@code DrugVerifier}) said to a person holding the pack: a tone
 * (its colour on the check page, always with words), a heading, and what to do next.
 */
record DrugVerdictText(String tone, String heading, String advice) {
  private static final String RETURN = "Do not take it. Keep the pack and return it to the pharmacy or report it to the"
      + " medicines regulator, with the code you checked.";
  private static final Map<String, DrugVerdictText> BY_OUTCOME = Map.ofEntries(
      Map.entry("genuine", new DrugVerdictText("good", "Genuine",
          "This pack is on the ledger as its maker made it and its holders passed it on. Use it as directed.")),
      Map.entry("unknown_serial", new DrugVerdictText("danger", "Unknown code",
          "No maker ever registered this code: the pack is likely counterfeit. " + RETURN)),
      Map.entry("already_dispensed", new DrugVerdictText("danger", "Already dispensed",
          "A pharmacy already handed out the pack with this code, so this one likely carries a copied code. " + RETURN)),
      Map.entry("recalled", new DrugVerdictText("danger", "Recalled",
          "This lot has been recalled. " + RETURN)),
      Map.entry("diverted", new DrugVerdictText("danger", "Diverted",
          "The pack is somewhere it was never shipped to. If you are a pharmacy, do not dispense it; report it.")),
      Map.entry("likely_clone", new DrugVerdictText("danger", "Likely a copied code",
          "This code has been checked in too many different places to be one pack. " + RETURN)),
      Map.entry("decommissioned", new DrugVerdictText("danger", "Taken out of use",
          "The pack was taken out of the supply chain (destroyed, stolen or a sample). " + RETURN)),
      Map.entry("lot_mismatch", new DrugVerdictText("danger", "Label does not match",
          "The lot printed on the pack is not the lot its maker recorded. " + RETURN)),
      Map.entry("expiry_mismatch", new DrugVerdictText("danger", "Label does not match",
          "The expiry printed on the pack is not the one its maker recorded. " + RETURN)),
      Map.entry("expired", new DrugVerdictText("warn", "Expired",
          "The pack is past its expiry date. Do not take it; return it to the pharmacy.")),
      Map.entry("in_transit", new DrugVerdictText("warn", "Not yet received",
          "The pack was shipped and its receiver has not recorded it yet: it should not be on sale. Ask the seller, or report it.")));

  /** The words for {@code outcome}; an outcome this page does not know yet is shown as it is, never as genuine. */
  static DrugVerdictText of(String outcome) {
    DrugVerdictText t = BY_OUTCOME.get(outcome);
    return t != null ? t : new DrugVerdictText("unknown", outcome.replace('_', ' '),
        "Ask the pharmacy before you use this pack.");
  }
}
