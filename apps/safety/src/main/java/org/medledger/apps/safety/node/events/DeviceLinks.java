package org.medledger.apps.safety.node.events;

import java.util.Map;
import java.util.function.Predicate;
import org.medledger.core.runtime.StateReader;

/** What a report naming a device unit links to in the device registry: the unit, its model, its patient assignments. */
@FunctionalInterface
interface DeviceLinks {
  /**
   * The unit's record; each assignment's patient only when {@code maySeePatient} holds for her
   * (a regulator sees every one, a patient only herself: a unit explanted from one patient and
   * given to another must not show either to the other).
   */
  Map<String, Object> unit(StateReader state, String udi, Predicate<String> maySeePatient);
}
