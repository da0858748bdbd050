package org.medledger.apps.drugs.contract;

import java.util.Set;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.Roles;

/** Who takes part in the supply chain, and the check a rule makes of the caller's role itself. */
final class DrugRoles {
  static final Set<String> SUPPLY_CHAIN = Set.of("maker", "distributor", "pharmacy", "admin");
  static final Set<String> SUPPLY_CHAIN_OR_REGULATOR = Set.of("maker", "distributor", "pharmacy", "admin", "regulator");
  static final Roles MAKER = Roles.of("maker", "admin");
  static final Roles HOLDER = Roles.of(SUPPLY_CHAIN);
  static final Roles REGULATOR = Roles.of("regulator");

  private DrugRoles() {}

  /**
   * Refuses a caller of none of {@code roles}: the method table checks the transaction's sender,
   * this the member an event runs for (a capture's events are checked one by one).
   */
  static void requireRole(ContractContext ctx, String action, String... roles) throws ContractException {
    for (String r : roles) {
      if (r.equals(ctx.caller().role())) {
        return;
      }
    }
    throw new ContractException("forbidden", "only a " + String.join(" or ", roles) + " may " + action);
  }
}
