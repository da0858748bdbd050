package org.medledger.apps.safety.node.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.apps.safety.contract.devices.UnitAssignment;
import org.medledger.core.runtime.StateReader;

/**
 * A report's device unit as the registry holds it: its model, maker, lot, and every assignment,
 * the patient of each shown only to whom may see that patient (the regulator, or she herself,
 * never the unit's other patients); others see how many assignments there were and which
 * hospitals made them.
 */
final class RegistryDeviceLinks implements DeviceLinks {
  @Override
  public Map<String, Object> unit(StateReader state, String udi, Predicate<String> maySeePatient) {
    DeviceUnits.Registry registry = DeviceUnits.of(state);
    DeviceUnit unit = DeviceUnits.find(registry, udi).orElseThrow(() -> new IllegalStateException("a case names unit " + udi
        + ", which the registry no longer holds"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("udi", unit.udi());
    m.put("deviceIdentifier", unit.deviceIdentifier());
    m.put("serial", unit.serial());
    m.put("lot", unit.lot());
    m.put("maker", unit.maker());
    DeviceUnits.model(registry, unit.deviceIdentifier()).ifPresent(model -> m.put("model", model.name()));
    List<Map<String, Object>> assignments = new ArrayList<>();
    for (UnitAssignment a : DeviceUnits.assignments(registry, unit)) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("number", a.number());
      x.put("hospital", a.hospital());
      x.put("fromHeight", a.fromHeight());
      x.put("inForce", a.inForce());
      if (maySeePatient.test(a.patient().hex())) {
        x.put("patient", a.patient().hex());
      }
      assignments.add(x);
    }
    m.put("assignments", assignments);
    return m;
  }
}
