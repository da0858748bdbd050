package org.medledger.apps.insurance.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import org.medledger.apps.insurance.contract.Benefit;
import org.medledger.apps.insurance.contract.ProductTerms;

/**
 * A product's benefit schedule written as JSON, for {@code medledger insurance product publish}:
 * <pre>
 * {"currency": "EUR", "deductible": 10000, "coinsuranceBps": 2000, "annualLimit": 0, "waitingDays": 0,
 *  "benefits": [{"category": "inpatient", "codes": [], "perServiceLimit": 0}],
 *  "exclusions": ["COSMETIC-01"], "reviewCodes": [], "pendThreshold": 500000, "assessorDeadlineHours": 72}
 * </pre>
 * Amounts are whole minor units; a missing, fractional or mistyped field is refused naming it, and
 * the schedule's own rules ({@link ProductTerms}) name what else is wrong.
 */
final class ProductTermsJson {
  private ProductTermsJson() {}

  static ProductTerms parse(JsonNode j) {
    if (j == null || !j.isObject()) {
      throw new IllegalArgumentException("a product's terms are a JSON object");
    }
    List<Benefit> benefits = new ArrayList<>();
    JsonNode bs = j.get("benefits");
    if (bs == null || !bs.isArray()) {
      throw new IllegalArgumentException("benefits: an array of {category, codes, perServiceLimit} is required");
    }
    for (int i = 0; i < bs.size(); i++) {
      JsonNode b = bs.get(i);
      String at = "benefits[" + i + "]";
      benefits.add(new Benefit(text(b, "category", at), codes(b, "codes", at), whole(b, "perServiceLimit", at, 0)));
    }
    benefits.sort(Comparator.comparing(Benefit::category));
    return new ProductTerms(text(j, "currency", null), whole(j, "deductible", null, null),
        small(j, "coinsuranceBps", null), whole(j, "annualLimit", null, 0L), small(j, "waitingDays", 0),
        benefits, codes(j, "exclusions", null), codes(j, "reviewCodes", null), whole(j, "pendThreshold", null, 0L),
        small(j, "assessorDeadlineHours", 72));
  }

  private static String name(String at, String field) {
    return at == null ? field : at + "." + field;
  }

  private static String text(JsonNode j, String field, String at) {
    JsonNode v = j.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(name(at, field) + ": a string is required");
    }
    return v.asText();
  }

  private static long whole(JsonNode j, String field, String at, Number absent) {
    JsonNode v = j.get(field);
    if (v == null || v.isNull()) {
      if (absent == null) {
        throw new IllegalArgumentException(name(at, field) + ": a whole number is required");
      }
      return absent.longValue();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(name(at, field) + ": '" + v + "' is not a whole number (amounts are minor units)");
    }
    return v.asLong();
  }

  /** A count or basis points: a whole number that fits an int (the schedule's own rules bound it further). */
  private static int small(JsonNode j, String field, Integer absent) {
    long v = whole(j, field, null, absent);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + ": " + v + " is out of range");
    }
    return (int) v;
  }

  private static TreeSet<String> codes(JsonNode j, String field, String at) {
    TreeSet<String> out = new TreeSet<>();
    JsonNode v = j.get(field);
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(name(at, field) + ": an array of codes is required");
    }
    for (JsonNode c : v) {
      if (!c.isTextual()) {
        throw new IllegalArgumentException(name(at, field) + ": '" + c + "' is not a code");
      }
      out.add(c.asText());
    }
    return out;
  }
}
