package org.medledger.apps.safety.node.events;

import java.util.Map;
import org.medledger.core.runtime.StateReader;

/** What a report naming a device unit links to in the device registry: the unit, its model, its patient assignments. */
@FunctionalInterface
interface DeviceLinks {
  /** The unit's record; its assignments' patients only when {@code withPatients} (a regulator, or the patient herself). */
  Map<String, Object> unit(StateReader state, String udi, boolean withPatients);
}
