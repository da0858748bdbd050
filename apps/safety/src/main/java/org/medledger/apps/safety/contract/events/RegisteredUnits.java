package org.medledger.apps.safety.contract.events;

import java.util.Optional;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;

/**
 * The device registry as a report needs it: the registered unit a UDI names, as the registry
 * spells its UDI, and its model, so two spellings of one label count as one unit of one model.
 * A chain without the device registry knows no unit ({@link #NONE}): every device report is
 * refused there.
 */
@FunctionalInterface
public interface RegisteredUnits {
  RegisteredUnits NONE = (ctx, udi) -> Optional.empty();

  /**
   * The unit {@code udi} names, read from this block's state; empty when none is registered; a
   * {@code ContractException} ({@code invalid_udi}, the registry's code) naming what is wrong with a malformed UDI.
   */
  Optional<Suspect.DeviceUnit> unit(ContractContext ctx, String udi) throws ContractException;
}
