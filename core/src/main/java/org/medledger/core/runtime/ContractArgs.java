package org.medledger.core.runtime;

import org.medledger.crypto.Hash;

/**
 * Decodes a contract argument given as text, with the declared decoders' texts ({@link Arg}).
 * Contracts declare their arguments instead; this stays for code that holds a value already.
 */
public final class ContractArgs {
  private ContractArgs() {}

  public static byte[] hex(String value, String field) throws ContractException {
    return Arg.hex(field).decode(value);
  }

  public static Hash hash(String value, String field) throws ContractException {
    return Arg.hash(field).decode(value);
  }
}
