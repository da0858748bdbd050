package org.medledger.core.runtime;

import java.util.function.BiPredicate;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;

/**
 * Everything a contract may see and do while running one transaction (Fabric's Context): its
 * own namespace of state, the caller, the block's time. No clock, no I/O, no randomness.
 */
public interface ContractContext {
  Caller caller();

  Hash transactionId();

  long blockHeight();

  /** The block's timestamp in milliseconds: the only time a contract may use. */
  long blockTimestamp();

  String method();

  Args args();

  /** A required argument; a ContractException with code {@code missing_argument} when absent. */
  String requireArg(String name) throws ContractException;

  byte[] get(String key);

  void put(String key, byte[] value);

  void delete(String key);

  /**
   * Reads another contract's state, as it stands with this block's earlier transactions (Fabric's
   * chaincode-to-chaincode query): contracts build on each other's records, never write them.
   */
  byte[] read(String namespace, String key);

  /** Keys of another contract's namespace starting with {@code prefix}, in byte order; read-only. */
  void scanOther(String namespace, String prefix, BiPredicate<String, byte[]> visitor);

  /** Keys of this contract's namespace starting with {@code prefix}, in byte order. */
  void scan(String prefix, BiPredicate<String, byte[]> visitor);

  void emit(String type, Args attributes);

  /**
   * A certificate another party is named by in this transaction, checked as the runtime checks
   * senders ({@link CallerResolver#member}) against this block's state at its time; empty when
   * it is not a registered, valid, unrevoked certificate with a role its organisation may hold.
   */
  default java.util.Optional<org.medledger.crypto.x509.MemberCertificate> member(Hash certificateId) {
    return java.util.Optional.empty();
  }
}
