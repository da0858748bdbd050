package org.medledger.apps.safety.node;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.medledger.apps.safety.contract.devices.DeviceRegistryContract;
import org.medledger.apps.safety.contract.devices.DeviceUnit;
import org.medledger.apps.safety.contract.devices.DeviceUnits;
import org.medledger.apps.safety.contract.devices.UnitAssignment;
import org.medledger.core.runtime.Caller;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.node.application.MetadataRule;

/**
 * Who may see the device registry's metadata that names a patient through the platform's routes
 * (a transaction, a state receipt): which unit went into whom. Models and units as registered are
 * every member's to see. An {@code assign} or {@code unassign} transaction is shown to its sender,
 * a regulator, and whom records' rule lets see the patient (or, for an {@code unassign}, every
 * patient the sending hospital ever had the unit assigned to: the transaction does not say which);
 * a unit's state while assigned, an assignment and a patient's index key likewise by the patient
 * they name. A regulator sees all of it: safety signals and recalls are hers to follow to patients.
 */
final class DeviceMetadataVisibility implements MetadataRule {
  private static final String REGULATOR = "regulator";
  private final DeviceRegistryView.PatientVisibility patients;

  DeviceMetadataVisibility(DeviceRegistryView.PatientVisibility patients) {
    this.patients = patients;
  }

  @Override
  public boolean maySee(StateReader state, Caller who, Transaction tx) {
    if (!DeviceRegistryContract.NAME.equals(tx.contract()) || who.certificateId().equals(tx.sender()) || REGULATOR.equals(who.role())) {
      return true;
    }
    try {
      return switch (tx.method()) {
        case DeviceRegistryContract.ASSIGN -> patients.maySee(state, who, Hash.fromHex(tx.args().get("patient").orElseThrow()));
        case DeviceRegistryContract.UNASSIGN -> unassigned(state, tx).stream().allMatch(p -> patients.maySee(state, who, p));
        default -> true;
      };
    } catch (RuntimeException e) {
      // Arguments that name no unit or patient that can be checked: the sender and regulators only.
      return false;
    }
  }

  /** The patients whose assignments of the unit were ended by anyone (the sender's hospital ends only its own). */
  private static List<Hash> unassigned(StateReader state, Transaction tx) {
    DeviceUnit u = DeviceUnits.find(state, tx.args().get("udi").orElseThrow()).orElseThrow();
    List<Hash> out = DeviceUnits.assignments(DeviceUnits.of(state), u).stream().filter(a -> !a.inForce())
        .map(UnitAssignment::patient).toList();
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no ended assignment");
    }
    return out;
  }

  @Override
  public boolean maySee(StateReader state, Caller who, byte[] fullKey) {
    int sep = 0;
    while (sep < fullKey.length && fullKey[sep] != 0) {
      sep++;
    }
    String namespace = new String(fullKey, 0, sep, StandardCharsets.UTF_8);
    if (!DeviceRegistryContract.NAME.equals(namespace) || REGULATOR.equals(who.role())) {
      return true;
    }
    String key = sep >= fullKey.length ? "" : new String(fullKey, sep + 1, fullKey.length - sep - 1, StandardCharsets.UTF_8);
    try {
      Optional<Hash> patient = patientOf(state, key);
      return patient.isEmpty() || patients.maySee(state, who, patient.get());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The patient a key names (by the forms of {@code DeviceRegistryContract#stateKeyForms}); empty for none. */
  private static Optional<Hash> patientOf(StateReader state, String key) {
    String[] parts = key.split("/", 4);
    return switch (parts[0]) {
      case "patient" -> Optional.of(Hash.fromHex(parts[1]));
      case "unit" -> {
        String rest = key.substring("unit/".length());
        int slash = rest.indexOf('/');
        yield DeviceUnits.find(DeviceUnits.of(state), rest.substring(0, slash), rest.substring(slash + 1))
            .flatMap(DeviceUnit::current).map(UnitAssignment::patient);
      }
      case "assignment" -> Optional.ofNullable(state.get(org.medledger.core.runtime.StateKeys.of(DeviceRegistryContract.NAME, key)))
          .map(UnitAssignment::decode).map(UnitAssignment::patient);
      default -> Optional.empty();
    };
  }
}
