package org.medledger.apps.insurance.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medledger.apps.insurance.contract.Adjudication;
import org.medledger.apps.insurance.contract.Claim;
import org.medledger.apps.insurance.contract.ClaimLine;
import org.medledger.apps.insurance.contract.LineResult;
import org.medledger.crypto.Hash;

/**
 * The figures of a claim's explanation of benefit (CARIN Blue Button's breakdown: billed, allowed,
 * deductible, coinsurance, paid by other insurers, paid by the insurer, you owe; per line and in
 * total), rendered from the claim record alone. The node renders them into an EOB receipt from the
 * value its state proof carries, and a verifier renders them again from the same proven value, so
 * a figure that is not the ledger's adjudication cannot pass.
 */
final class EobFigures {
  private EobFigures() {}

  static Map<String, Object> of(Claim c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("claim", c.id().hex());
    m.put("policy", c.policy().hex());
    m.put("patient", c.patient().hex());
    m.put("insurer", c.insurer());
    m.put("billedBy", c.submitter());
    m.put("status", c.status().wireName());
    m.put("payment", c.payment().equals(Hash.ZERO) ? null : c.payment().hex());
    m.put("currency", c.currency());
    Adjudication a = c.adjudication();
    List<Map<String, Object>> lines = new ArrayList<>();
    long deductible = 0;
    long coinsurance = 0;
    for (int i = 0; i < c.lines().size(); i++) {
      ClaimLine l = c.lines().get(i);
      LineResult r = a.lines().get(i);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("line", i + 1);
      line.put("code", l.code());
      line.put("category", l.category());
      line.put("dateOfService", l.dateOfService());
      line.put("covered", r.reason().covered());
      line.put("reason", r.reason().wireName());
      amounts(line, r.billed(), r.allowed(), r.deductible(), r.coinsurance(), r.otherPayer(), r.insurerPays(), r.patientOwes());
      lines.add(line);
      deductible = Math.addExact(deductible, r.deductible());
      coinsurance = Math.addExact(coinsurance, r.coinsurance());
    }
    m.put("lines", lines);
    Map<String, Object> total = new LinkedHashMap<>();
    amounts(total, a.billed(), a.allowed(), deductible, coinsurance, a.otherPayer(), a.insurerPays(), a.patientOwes());
    m.put("total", total);
    m.put("inWords", inWords(a, c.currency()));
    return m;
  }

  /** "Billed 1100.00 EUR; paid by your insurer 400.00 EUR; you owe 700.00 EUR." */
  static String inWords(Adjudication a, String currency) {
    return "Billed " + InsuranceViews.amount(a.billed(), currency) + "; paid by your insurer "
        + InsuranceViews.amount(a.insurerPays(), currency) + (a.otherPayer() == 0 ? "" : "; paid by other insurers "
        + InsuranceViews.amount(a.otherPayer(), currency)) + "; you owe " + InsuranceViews.amount(a.patientOwes(), currency) + ".";
  }

  private static void amounts(Map<String, Object> m, long billed, long allowed, long deductible, long coinsurance,
      long otherPayer, long insurerPays, long patientOwes) {
    m.put("billed", billed);
    m.put("allowed", allowed);
    m.put("deductible", deductible);
    m.put("coinsurance", coinsurance);
    m.put("paidByOtherInsurers", otherPayer);
    m.put("paidByInsurer", insurerPays);
    m.put("youOwe", patientOwes);
  }
}
