package org.medledger.apps.insurance.node;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.insurance.contract.Adjudication;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyChange;
import org.medledger.apps.insurance.contract.PolicyTerm;
import org.medledger.apps.insurance.contract.ServiceDate;
import org.medledger.crypto.Hash;

/**
 * The JSON of a claim and a policy. A claim's money is given in minor units and in plain words
 * (billed, paid by the insurer, you owe), in total and per line with its reason. A regulator's
 * view is the metadata only: parties, status, dates and totals, never the lines' services.
 */
public final class InsuranceViews {
  private InsuranceViews() {}

  static Map<String, Object> claim(Claim c, long nowMillis, boolean withLines) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id().hex());
    m.put("status", c.shownStatus(nowMillis));
    m.put("policy", c.policy().hex());
    m.put("insurer", c.insurer());
    m.put("submitter", c.submitter());
    m.put("patient", c.patient().hex());
    m.put("currency", c.currency());
    m.put("submittedAt", c.submittedAt());
    if (c.pendDeadline() != 0) {
      m.put("pendDeadline", c.pendDeadline());
      m.put("pendReason", c.pendReason());
    }
    m.put("decisionReason", c.decisionReason().isEmpty() ? null : c.decisionReason());
    m.put("payment", c.payment().equals(Hash.ZERO) ? null : c.payment().hex());
    Adjudication a = c.adjudication();
    Map<String, Object> money = new LinkedHashMap<>();
    money.put("billed", a.billed());
    money.put("allowed", a.allowed());
    money.put("paidByInsurer", a.insurerPays());
    money.put("paidByOtherInsurers", a.otherPayer());
    money.put("youOwe", a.patientOwes());
    money.put("inWords", "Billed " + amount(a.billed(), c.currency()) + "; paid by your insurer "
        + amount(a.insurerPays(), c.currency()) + (a.otherPayer() == 0 ? "" : "; paid by other insurers "
        + amount(a.otherPayer(), c.currency())) + "; you owe " + amount(a.patientOwes(), c.currency()) + ".");
    m.put("money", money);
    if (withLines) {
      List<Map<String, Object>> lines = new ArrayList<>();
      for (int i = 0; i < c.lines().size(); i++) {
        lines.add(line(i + 1, c.lines().get(i), a.lines().get(i)));
      }
      m.put("lines", lines);
    }
    return m;
  }

  private static Map<String, Object> line(int number, ClaimLine l, LineResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("line", number);
    m.put("category", l.category());
    m.put("code", l.code());
    m.put("quantity", l.quantity());
    m.put("unitAmount", l.unitAmount());
    m.put("dateOfService", l.dateOfService());
    m.put("provider", l.provider());
    m.put("lineHash", l.lineHash().hex());
    m.put("evidence", l.evidence().stream().map(Hash::hex).toList());
    m.put("covered", r.reason().covered());
    m.put("reason", r.reason().wireName());
    m.put("billed", r.billed());
    m.put("allowed", r.allowed());
    m.put("deductible", r.deductible());
    m.put("coinsurance", r.coinsurance());
    m.put("paidByOtherInsurers", r.otherPayer());
    m.put("paidByInsurer", r.insurerPays());
    m.put("youOwe", r.patientOwes());
    return m;
  }

  /**
   * A policy as its insurer's members and its patient see it ({@code full}), or as a regulator does: the holder and
   * each change's detail (which can name the patient) left out, as the portal's policy page leaves them out.
   */
  static Map<String, Object> policy(Policy p, List<PolicyChange> history, boolean full) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id().hex());
    m.put("insurer", p.insurer());
    m.put("product", p.productCode());
    m.put("insured", p.insured().hex());
    m.put("holder", full ? p.holder().hex() : null);
    m.put("group", p.group().isEmpty() ? null : p.group());
    m.put("status", p.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("version", p.version());
    List<Map<String, Object>> terms = new ArrayList<>();
    for (PolicyTerm t : p.terms()) {
      terms.add(Map.of("start", ServiceDate.format(t.startDay()), "end", ServiceDate.format(t.endDay()),
          "productVersion", t.productVersion()));
    }
    m.put("terms", terms);
    List<Map<String, Object>> changes = new ArrayList<>();
    for (PolicyChange h : history) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("kind", h.kind());
      c.put("height", h.height());
      c.put("timestamp", h.timestamp());
      c.put("organisation", h.organisation());
      c.put("transaction", h.transaction().hex());
      if (full) {
        c.put("detail", h.detail());
      }
      changes.add(c);
    }
    m.put("history", changes);
    return m;
  }

  /** {@code 146000} EUR as "1460.00 EUR": the currency's own minor-unit digits, exact. */
  public static String amount(long minorUnits, String currency) {
    int digits;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      digits = 2;
    }
    return BigDecimal.valueOf(minorUnits).movePointLeft(digits).toPlainString() + " " + currency;
  }
}
