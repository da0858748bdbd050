package org.medledger.apps.safety.node.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medledger.apps.drugs.contract.DrugQueries;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.apps.drugs.contract.PackState;
import org.medledger.apps.drugs.contract.gs1.Gtin;
import org.medledger.apps.safety.contract.events.AdverseEventQueries;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;

/**
 * A drug lot's record as a report links to it through drugs' state: its maker, its recalls, who
 * still holds its packs, which pharmacies dispensed how many (drugs' dispense events leave each
 * pack dispensed by its holder), and the reports against it. Which patients received it is added
 * only for a viewer allowed to see them ({@link EventViewer#maySeePatient}).
 */
public final class LotRecord {
  private LotRecord() {}

  public static Map<String, Object> of(StateReader state, String gtin, String lot) {
    Gtin g = Gtin.parse(gtin);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("gtin", gtin);
    m.put("lot", lot);
    m.put("maker", DrugQueries.maker(state, g).orElse(""));
    List<Map<String, Object>> recalls = new ArrayList<>();
    DrugQueries.recalls(state, g, lot).recalls().forEach(r -> recalls.add(Map.of("by", r.by(), "role", r.role(), "reason", r.reason(),
        "height", r.height())));
    m.put("recalled", !recalls.isEmpty());
    m.put("recalls", recalls);
    List<Map<String, Object>> holders = new ArrayList<>();
    DrugQueries.holdersOfLot(state, g, lot).forEach(h -> holders.add(Map.of("organisation", h.organisation(), "inTransit",
        h.inTransit(), "packs", h.packs())));
    m.put("holders", holders);
    TreeMap<String, Long> dispensed = new TreeMap<>();
    state.scan(StateKeys.of(DrugsContract.NAME, "pack/" + g + "/"), (k, v) -> {
      PackState p = PackState.decode(v);
      if (p.lot().equals(lot) && p.status() == PackState.Status.DISPENSED) {
        dispensed.merge(p.holder(), 1L, Long::sum);
      }
      return true;
    });
    m.put("dispensedBy", dispensed);
    m.put("reports", AdverseEventQueries.lotCount(state, gtin, lot));
    m.put("cases", AdverseEventQueries.casesOfLot(state, gtin, lot));
    return m;
  }

  /** Who received the lot: the consenting patients by id, the others counted, and packs per dispensing pharmacy. */
  public static Map<String, Object> exposure(StateReader state, String gtin, String lot) {
    AdverseEventQueries.ExposedPatients e = AdverseEventQueries.exposedPatients(state, gtin, lot);
    TreeMap<String, Long> byPharmacy = new TreeMap<>();
    e.exposures().forEach(x -> byPharmacy.merge(x.pharmacy(), 1L, Long::sum));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("packsToPatients", e.exposures().size());
    m.put("contactablePatients", e.contactable());
    m.put("patientsWithoutContactConsent", e.notContactable());
    m.put("packsToPatientsByPharmacy", byPharmacy);
    return m;
  }
}
