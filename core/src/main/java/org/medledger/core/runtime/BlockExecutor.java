package org.medledger.core.runtime;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.genesis.ChainParameters;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.HashFunction;

/**
 * Runs a block's transactions in order against a state. Pure: the same state, transactions,
 * height and block timestamp give the same writes and outcomes on every node. Signatures are not
 * checked here (admission did it once, STYLE: "check once"); replay, time window, the caller's
 * standing and the contract's own rules are.
 */
public final class BlockExecutor {
  private final ContractRegistry contracts;
  private final HashFunction hash;
  private final CallerResolver callers;
  private final java.util.function.Function<StateReader, ChainParameters> parametersAt;

  public BlockExecutor(
      ContractRegistry contracts, HashFunction hash, CallerResolver callers, ChainParameters parameters) {
    this(contracts, hash, callers, state -> parameters);
  }

  /**
   * @param parametersAt the chain parameters in force on a block's starting state (governance may
   *     change them: a change passed in one block binds from the next)
   */
  public BlockExecutor(ContractRegistry contracts, HashFunction hash, CallerResolver callers,
      java.util.function.Function<StateReader, ChainParameters> parametersAt) {
    this.contracts = contracts;
    this.hash = hash;
    this.callers = callers;
    this.parametersAt = parametersAt;
  }

  /** The weight of a transaction by its contract ({@link Contract#weight}); 1 for an unknown contract. */
  public long weight(Transaction tx) {
    return contracts.find(tx.contract()).map(c -> Math.max(1, c.weight(tx))).orElse(1L);
  }

  /**
   * Executes a block as proposed (a validator checking it, a node syncing it).
   *
   * @throws BlockTooHeavyException once its transactions have touched more than {@link
   *     WorkLimits#MAX_BLOCK_WORK} state keys: the block is invalid, and is not executed further
   */
  public ExecutionResult execute(StateReader state, long height, long blockTimestamp, List<Transaction> txs) {
    WriteSet block = new WriteSet(state);
    ChainParameters parameters = parametersAt.apply(state);
    List<TxOutcome> outcomes = new ArrayList<>(txs.size());
    long work = 0;
    for (Transaction tx : txs) {
      WorkMeter meter = new WorkMeter(WorkLimits.MAX_TRANSACTION_WORK);
      outcomes.add(executeOne(block, parameters, height, blockTimestamp, tx, meter));
      work += meter.used();
      if (work > WorkLimits.MAX_BLOCK_WORK) {
        throw new BlockTooHeavyException(work, outcomes.size());
      }
    }
    return new ExecutionResult(block, outcomes);
  }

  /**
   * Executes, for a proposer, the longest prefix of {@code txs} whose work stays within {@code
   * workBudget} (at least the first transaction, which the per-transaction limit bounds): a
   * transaction that would pass the budget is undone and it and the rest wait for the next block.
   * The result's outcomes tell how many were taken.
   */
  public ExecutionResult executeWithin(StateReader state, long height, long blockTimestamp, List<Transaction> txs,
      long workBudget) {
    long budget = Math.min(workBudget, WorkLimits.MAX_BLOCK_WORK);
    WriteSet block = new WriteSet(state);
    ChainParameters parameters = parametersAt.apply(state);
    List<TxOutcome> outcomes = new ArrayList<>(txs.size());
    long work = 0;
    for (Transaction tx : txs) {
      WorkMeter meter = new WorkMeter(WorkLimits.MAX_TRANSACTION_WORK);
      WriteSet staged = new WriteSet(block);
      TxOutcome outcome = executeOne(staged, parameters, height, blockTimestamp, tx, meter);
      if (!outcomes.isEmpty() && work + meter.used() > budget) {
        break;
      }
      block.absorb(staged);
      outcomes.add(outcome);
      work += meter.used();
    }
    return new ExecutionResult(block, outcomes);
  }

  private TxOutcome executeOne(WriteSet target, ChainParameters parameters, long height, long blockTimestamp, Transaction tx, WorkMeter meter) {
    Hash txId = tx.id(hash);
    byte[] nonceKey = SystemKeys.nonce(tx.sender(), tx.nonce());
    if (target.get(nonceKey) != null) {
      // Replays change nothing, not even an outcome: the first use of the nonce owns it.
      return TxOutcome.replayed(txId, tx.nonce());
    }
    TxOutcome outcome = run(target, parameters, height, blockTimestamp, tx, txId, meter);
    target.put(nonceKey, outcome.logEntry());
    return outcome;
  }

  private TxOutcome run(WriteSet block, ChainParameters parameters, long height, long blockTimestamp, Transaction tx, Hash txId, WorkMeter meter) {
    if (Math.abs(tx.timestamp() - blockTimestamp) > parameters.timestampToleranceMillis()) {
      return TxOutcome.failed(txId, "stale_timestamp", "transaction time " + tx.timestamp()
          + " is more than " + parameters.timestampToleranceMillis() + " ms from block time " + blockTimestamp);
    }
    Contract contract = contracts.find(tx.contract()).orElse(null);
    if (contract == null) {
      return TxOutcome.failed(txId, "unknown_contract", "no contract named '" + tx.contract() + "'");
    }
    WriteSet txWrites = new WriteSet(block);
    List<Event> events = new ArrayList<>();
    try {
      Caller caller = callers.resolve(tx, block);
      MethodRoles.require(contract, tx.method(), caller);
      contract.execute(new Context(contract.name(), caller, callers, txId, height, blockTimestamp, tx, txWrites, events, meter));
      if (meter.used() > WorkLimits.MAX_TRANSACTION_WORK) {
        throw new WorkMeter.Exceeded(WorkLimits.MAX_TRANSACTION_WORK); // a contract swallowed the first signal
      }
    } catch (WorkMeter.Exceeded e) {
      return TxOutcome.failed(txId, "too_heavy", "transaction " + e.getMessage() + " (the limit for one transaction; split it)");
    } catch (ContractException e) {
      return TxOutcome.failed(txId, e.code(), TxOutcome.truncate(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      // A contract bug must not split the network: every node fails the same transaction alike.
      return TxOutcome.failed(txId, "contract_error", "contract '" + tx.contract() + "' failed: " + e.getClass().getSimpleName());
    }
    block.absorb(txWrites);
    return TxOutcome.ok(txId, events);
  }

  private static final class Context implements ContractContext {
    private final String namespace;
    private final Caller caller;
    private final CallerResolver callers;
    private final Hash txId;
    private final long height;
    private final long timestamp;
    private final Transaction tx;
    private final WriteSet writes;
    private final List<Event> events;
    private final WorkMeter meter;

    Context(String namespace, Caller caller, CallerResolver callers, Hash txId, long height, long timestamp,
        Transaction tx, WriteSet writes, List<Event> events, WorkMeter meter) {
      this.meter = meter;
      this.namespace = namespace;
      this.caller = caller;
      this.callers = callers;
      this.txId = txId;
      this.height = height;
      this.timestamp = timestamp;
      this.tx = tx;
      this.writes = writes;
      this.events = events;
    }

    @Override public Caller caller() { return caller; }
    @Override public Hash transactionId() { return txId; }
    @Override public long blockHeight() { return height; }
    @Override public long blockTimestamp() { return timestamp; }
    @Override public String method() { return tx.method(); }
    @Override public Args args() { return tx.args(); }

    @Override
    public String requireArg(String name) throws ContractException {
      String v = tx.args().get(name).orElse(null);
      if (v == null || v.isEmpty()) {
        throw new ContractException("missing_argument", "argument '" + name + "' is required for " + namespace + "." + tx.method());
      }
      return v;
    }

    @Override
    public byte[] get(String key) {
      meter.charge(1);
      return writes.get(StateKeys.of(namespace, key));
    }

    @Override
    public void put(String key, byte[] value) {
      meter.charge(1);
      writes.put(StateKeys.of(namespace, key), value);
    }

    @Override
    public void delete(String key) {
      meter.charge(1);
      writes.delete(StateKeys.of(namespace, key));
    }

    @Override
    public byte[] read(String otherNamespace, String key) {
      meter.charge(1);
      return writes.get(StateKeys.of(otherNamespace, key));
    }

    @Override
    public void scanOther(String otherNamespace, String prefix, java.util.function.BiPredicate<String, byte[]> visitor) {
      meter.charge(1);
      writes.scan(StateKeys.of(otherNamespace, prefix), (k, v) -> {
        meter.charge(1);
        return visitor.test(StateKeys.localKey(otherNamespace, k), v);
      });
    }

    @Override
    public void scan(String prefix, java.util.function.BiPredicate<String, byte[]> visitor) {
      meter.charge(1);
      writes.scan(StateKeys.of(namespace, prefix), (k, v) -> {
        meter.charge(1);
        return visitor.test(StateKeys.localKey(namespace, k), v);
      });
    }

    @Override
    public void emit(String type, Args attributes) {
      events.add(new Event(namespace, type, attributes));
    }

    @Override
    public java.util.Optional<org.medledger.crypto.x509.MemberCertificate> member(Hash certificateId) {
      return callers.member(certificateId, writes, timestamp);
    }
  }
}
