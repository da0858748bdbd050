package org.medledger.apps.insurance.node.portal;

import java.util.Locale;
import org.medledger.apps.insurance.contract.Policy;
import org.medledger.apps.insurance.contract.PolicyTerm;
import org.medledger.apps.insurance.contract.ServiceDate;

/** A policy as a row: its insurer and product, the insured's pseudonymous id, its status and current term. */
public record PolicyRow(String id, String shortId, String insurer, String product, String insured, String group,
    String status, String term, int version) {

  static PolicyRow of(Policy p) {
    PolicyTerm t = p.lastTerm();
    return new PolicyRow(p.id().hex(), p.id().hex().substring(0, 12) + "…", p.insurer(), p.productCode(),
        p.insured().hex(), p.group(), p.status().name().toLowerCase(Locale.ROOT),
        ServiceDate.format(t.startDay()) + " to " + ServiceDate.format(t.endDay()) + " (product version "
            + t.productVersion() + ")", p.version());
  }
}
