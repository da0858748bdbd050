package org.medledger.apps.safety.contract.events;

import java.util.Optional;
import org.medledger.core.runtime.ContractContext;

/**
 * The device registry as a report needs it: the model a registered unit belongs to. The device
 * registry's contract (docs/safety.md) answers it from its own state; a chain without the device
 * registry knows no unit, so every device report is refused there.
 */
@FunctionalInterface
public interface RegisteredUnits {
  RegisteredUnits NONE = (ctx, udi) -> Optional.empty();

  /** The model id of the unit whose UDI is {@code udi}, read from this block's state; empty when no unit is registered under it. */
  Optional<String> modelOf(ContractContext ctx, String udi);
}
