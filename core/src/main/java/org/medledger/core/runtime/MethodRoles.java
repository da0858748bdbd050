package org.medledger.core.runtime;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one place the runtime checks who may call a method: each contract declares, per method,
 * the certificate roles that may call it ({@link Contract#methodRoles}), and a caller of any other
 * role is refused before the contract runs. A contract's own finer rules (the maker of this GTIN,
 * the custodian of this record) come after. The role is the one the certificate states; that the
 * organisation may hold it is membership's check (issue 20).
 */
public final class MethodRoles {
  private MethodRoles() {}

  /** Throws {@code forbidden} (or {@code unknown_method}) when {@code caller} may not call {@code method}. */
  public static void require(Contract contract, String method, Caller caller) throws ContractException {
    Map<String, Set<String>> declared = contract.methodRoles();
    if (declared.isEmpty()) {
      return; // a contract that declares no table checks roles itself (membership, until issue 20)
    }
    Set<String> roles = declared.get(method);
    if (roles == null) {
      throw new ContractException("unknown_method", contract.name() + " has no method '" + method + "' (expected one of "
          + new TreeSet<>(declared.keySet()) + ")");
    }
    if (!roles.contains(caller.role())) {
      throw new ContractException("forbidden", "only a " + String.join(" or ", new TreeSet<>(roles)) + " may call "
          + contract.name() + "." + method + " (the caller's role is " + caller.role() + ")");
    }
  }
}
