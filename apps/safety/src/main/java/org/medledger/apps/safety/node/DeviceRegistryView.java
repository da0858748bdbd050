package org.medledger.apps.safety.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medledger.apps.safety.contract.devices.DeviceModel;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.apps.safety.contract.devices.UnitAssignment;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * The device registry as the node shows it to one member: models and units as the ledger holds
 * them, and who a unit is assigned to only when {@link PatientVisibility} lets this member see
 * that patient. Without it she sees that the unit is assigned, by which hospital, since when.
 */
final class DeviceRegistryView {
  private final PatientVisibility patients;

  DeviceRegistryView(PatientVisibility patients) {
    this.patients = patients;
  }

  Optional<Map<String, Object>> model(StateReader state, String di) {
    return DeviceUnits.model(DeviceUnits.of(state), di).map(DeviceRegistryView::model);
  }

  static Map<String, Object> model(DeviceModel m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("di", m.deviceIdentifier());
    out.put("agency", m.agency().name());
    out.put("maker", m.maker());
    out.put("name", m.name());
    out.put("deviceClass", m.deviceClass());
    out.put("kind", m.kind().wireName());
    out.put("registeredHeight", m.registeredHeight());
    return out;
  }

  /** A unit, its model and its assignments (the patient of each only if {@code who} may see her). */
  Map<String, Object> unit(StateReader state, Caller who, DeviceUnit u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("di", u.deviceIdentifier());
    out.put("serial", u.serial());
    out.put("udi", u.udi());
    out.put("lot", u.lot());
    out.put("expiry", u.expiry());
    out.put("manufactured", u.manufactured());
    out.put("maker", u.maker());
    out.put("publicKey", Hex.encode(u.publicKey()));
    out.put("registeredHeight", u.registeredHeight());
    DeviceUnits.model(DeviceUnits.of(state), u.deviceIdentifier()).ifPresent(m -> out.put("model", model(m)));
    out.put("assigned", u.current().isPresent());
    List<Map<String, Object>> history = DeviceUnits.assignments(DeviceUnits.of(state), u).stream()
        .map(a -> assignment(state, who, a)).toList();
    out.put("nextAssignment", u.assignments() + 1);
    out.put("assignments", history);
    return out;
  }

  private Map<String, Object> assignment(StateReader state, Caller who, UnitAssignment a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("number", a.number());
    out.put("hospital", a.hospital());
    out.put("fromHeight", a.fromHeight());
    out.put("inForce", a.inForce());
    if (!a.inForce()) {
      out.put("endedHeight", a.endedHeight());
      out.put("endReason", a.endReason());
    }
    if (patients.maySee(state, who, a.patient())) {
      out.put("patient", a.patient().hex());
      out.put("consentStatement", a.consentStatement().hex());
    }
    return out;
  }

  /** Whether {@code who} may see the patient a unit is assigned to now. */
  boolean maySeeCurrentPatient(StateReader state, Caller who, DeviceUnit u) {
    return u.current().isPresent() && patients.maySee(state, who, u.current().get().patient());
  }

  /** Records' rule on who may see a patient, asked when a request needs it. */
  interface PatientVisibility {
    boolean maySee(StateReader state, Caller who, Hash patient);
  }
}
