package org.medledger.node.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractRegistry;
import org.medledger.core.runtime.StateKeyForm;

/**
 * Whether a proof of absence for a state key means anything: a key of no namespace, or of a shape
 * its contract never writes, is absent forever, and a VERIFIED absence for it (e.g. {@code
 * notary/<hash>} for a document anchored at {@code notary/doc/<hash>/<organisation>}) would tell
 * a reader that a thing which exists does not. Such a request is refused, naming the right forms.
 */
final class StateKeyShapes {
  private final ContractRegistry contracts;

  StateKeyShapes(ContractRegistry contracts) {
    this.contracts = contracts;
  }

  /** Why an absence of this full key proves nothing; empty when it does. */
  Optional<String> problem(byte[] fullKey) {
    int zero = 0;
    while (zero < fullKey.length && fullKey[zero] != 0) {
      zero++;
    }
    if (zero == fullKey.length) {
      return Optional.of("a state key is <namespace> 0x00 <key>; this one has no 0x00 separator");
    }
    String namespace = new String(fullKey, 0, zero, StandardCharsets.UTF_8);
    String key = new String(fullKey, zero + 1, fullKey.length - zero - 1, StandardCharsets.UTF_8);
    Optional<Contract> contract = contracts.find(namespace);
    if (contract.isEmpty()) {
      return Optional.of("'" + namespace + "' is no contract's namespace on this chain, so nothing is ever stored under it;"
          + " the namespaces are " + contracts.all().stream().map(Contract::name).sorted().collect(Collectors.joining(", ")));
    }
    List<StateKeyForm> forms = contract.get().stateKeyForms();
    if (forms.isEmpty() || forms.stream().anyMatch(f -> f.matches(key))) {
      return Optional.empty();
    }
    return Optional.of("'" + namespace + "/" + key + "' is not a key the " + namespace + " contract writes, so its absence"
        + " proves nothing; its keys are " + forms.stream().map(f -> namespace + "/" + f).collect(Collectors.joining(", "))
        + " ({hash}: 64 lowercase hex; docs/receipts.md, State keys)");
  }
}
