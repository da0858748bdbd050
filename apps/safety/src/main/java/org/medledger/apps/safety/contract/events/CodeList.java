package org.medledger.apps.safety.contract.events;

import java.util.List;
import java.util.Optional;
import org.medledger.core.runtime.ContractException;

/**
 * A named code list's values in their declared order, looked up by code: a report's argument is
 * refused with the list's name, the bad code and every code the list holds, so the reporter sees
 * what she may send. Deterministic: a list, never a hash map's order.
 */
public final class CodeList<T extends CodedValue> {
  private final String name;
  private final List<T> values;

  /** @param name the list as a report's argument names it: {@code seriousness}, {@code outcome}, {@code causality} */
  public CodeList(String name, T[] values) {
    this.name = name;
    this.values = List.of(values);
  }

  public String name() {
    return name;
  }

  public Optional<T> fromCode(String code) {
    return values.stream().filter(v -> v.code().equals(code)).findFirst();
  }

  /** The codes in order, comma-separated: for an error message. */
  public String codes() {
    return String.join(", ", values.stream().map(CodedValue::code).toList());
  }

  /** The value {@code code} names, or the refusal {@code invalid_argument: NAME: 'CODE' is not one of …}. */
  public T parse(String code) throws ContractException {
    return fromCode(code).orElseThrow(() -> new ContractException("invalid_argument", name + ": '" + code + "' is not one of "
        + codes()));
  }
}
