package org.medledger.apps.safety.contract.events;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.medledger.apps.drugs.contract.gs1.Gs1;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.core.runtime.Arg;
import org.medledger.core.runtime.ContractException;
import org.medledger.crypto.Hash;

/** The adverse-events contract's arguments, each refusing bad input with a message naming it. */
final class EventArgs {
  static final Arg<Hash> CASE = Arg.hash("case", "a case id (the first report's transaction id, 64 hex)");
  static final Arg<Hash> PATIENT = Arg.hash("patient", "a patient id (64 hex)");
  static final Arg<List<String>> REACTIONS = Arg.of("reactions", "reaction codes", EventArgs::reactions);
  static final Arg<String> DESCRIPTION = Arg.of("description", "text", EventArgs::description);
  static final Arg<Seriousness> SERIOUSNESS = Arg.of("seriousness", "seriousness code", Seriousness.LIST::parse);
  static final Arg<Outcome> OUTCOME = Arg.of("outcome", "outcome code", Outcome.LIST::parse);
  static final Arg<Causality> CAUSALITY = Arg.of("causality", "causality code", Causality.LIST::parse);
  static final Arg<LocalDate> ONSET = Arg.of("onset", "date (YYYY-MM-DD)", EventArgs::date);
  static final Arg<Gtin> GTIN = Arg.parsed("gtin", "GTIN-14", Gtin::parse);
  static final Arg<String> LOT = Arg.of("lot", "lot (GS1 AI 10)", v -> cset82(v, "lot (AI 10)"));
  static final Arg<String> SERIAL = Arg.of("serial", "serial (GS1 AI 21)", v -> cset82(v, "serial (AI 21)"));
  static final Arg<String> UDI = Arg.of("udi", "UDI", v -> line(v, "udi", 256));
  static final Arg<String> KIND = Arg.of("kind", "lot or model", v -> {
    if (!v.equals("lot") && !v.equals("model")) {
      throw new ContractException("invalid_argument", "kind: '" + line(v, "kind", 32) + "' is not 'lot' or 'model'");
    }
    return v;
  });
  static final Arg<String> MODEL = Arg.of("model", "device model id", v -> line(v, "model", 128));
  static final Arg<Long> REPORTS = Arg.of("reports", "a count of reports (1-1000000)", v -> {
    try {
      long n = Long.parseLong(v);
      if (n >= 1 && n <= 1_000_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below names it
    }
    throw new ContractException("invalid_argument", "reports: '" + line(v, "reports", 32) + "' is not a whole number from 1 to 1000000");
  });
  static final Arg<Boolean> GRANTED = Arg.of("granted", "true or false", v -> {
    if (!v.equals("true") && !v.equals("false")) {
      throw new ContractException("invalid_argument", "granted: '" + line(v, "granted", 32) + "' is not 'true' or 'false'");
    }
    return v.equals("true");
  });

  private EventArgs() {}

  private static List<String> reactions(String v) throws ContractException {
    List<String> codes = new ArrayList<>();
    for (String c : v.split(",", -1)) {
      String code = c.strip();
      if (ReactionTerm.find(code).isEmpty()) {
        throw new ContractException("invalid_argument", "reactions: '" + line(code, "reactions", 64)
            + "' is not a reaction term (one of " + ReactionTerm.codes() + "; say more in the description)");
      }
      codes.add(code);
    }
    if (codes.size() > CaseVersion.MAX_REACTIONS) {
      throw new ContractException("invalid_argument", "reactions: " + codes.size() + " terms, at most " + CaseVersion.MAX_REACTIONS);
    }
    if (new TreeSet<>(codes).size() != codes.size()) {
      throw new ContractException("invalid_argument", "reactions: a term is named twice in '" + v + "'");
    }
    return codes;
  }

  private static String description(String v) throws ContractException {
    if (v.getBytes(StandardCharsets.UTF_8).length > CaseVersion.MAX_DESCRIPTION_BYTES) {
      throw new ContractException("invalid_argument", "description: longer than " + CaseVersion.MAX_DESCRIPTION_BYTES + " bytes");
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (Character.isISOControl(ch) && ch != '\n') {
        throw new ContractException("invalid_argument", "description: holds a control character (U+" + String.format(java.util.Locale.ROOT, "%04X", (int) ch)
            + ") at " + i);
      }
    }
    return v;
  }

  private static LocalDate date(String v) throws ContractException {
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v);
      }
    } catch (DateTimeParseException e) {
      // the message below names it
    }
    throw new ContractException("invalid_argument", "onset: '" + line(v, "onset", 32) + "' is not a date YYYY-MM-DD");
  }

  private static String cset82(String v, String what) throws ContractException {
    try {
      return Gs1.requireCset82(v, 20, what);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", e.getMessage());
    }
  }

  /** One line of at most {@code max} characters, quoted back only that far. */
  static String line(String v, String name, int max) throws ContractException {
    if (v.isEmpty() || v.length() > max || v.chars().anyMatch(Character::isISOControl)) {
      throw new ContractException("invalid_argument", name + ": must be one line of 1-" + max + " characters");
    }
    return v;
  }
}
