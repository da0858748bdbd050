package org.medledger.core.runtime;

import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/** Decodes a contract argument, refusing it with {@code invalid_argument} and the argument's name. */
public final class ContractArgs {
  private ContractArgs() {}

  public static byte[] hex(String value, String field) throws ContractException {
    try {
      return Hex.decode(value);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", field + " is not hex: " + e.getMessage());
    }
  }

  public static Hash hash(String value, String field) throws ContractException {
    try {
      return Hash.fromHex(value);
    } catch (IllegalArgumentException e) {
      throw new ContractException("invalid_argument", field + " must be a 64-hex hash or id: " + e.getMessage());
    }
  }
}
