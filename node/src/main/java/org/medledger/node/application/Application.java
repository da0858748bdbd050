package org.medledger.node.application;

import java.io.IOException;
import java.util.List;
import org.medledger.core.runtime.Contract;

/**
 * A healthcare application (notary, health records, drugs, ...) plugged into the node: the one
 * interface between the two. An application brings its deterministic contracts, and on a running
 * node its services, REST routes, FHIR resources and health entries; for the command line, its
 * demo chapter and subcommands. The node, the API server and the CLI name no application: a
 * release ships the applications on its class path ({@code META-INF/services}, listed in one
 * place, {@code apps/all/pom.xml}), and the genesis names those a chain runs.
 *
 * <p>Lifecycle, driven by the node in this order (a call out of order throws):
 * {@link #contracts} (also off-node: verify, replay, benchmarks), {@link #prepare} before the
 * ledger is opened (refuse to start here, naming what is missing), {@link #register} in name
 * order once the ledger and the node's services exist, {@link #start} once every application is
 * registered, {@link #stop} in reverse order.
 */
public interface Application {
  /** As the genesis names it: lower case, no '/', unique in a release. */
  String name();

  /**
   * The version of its consensus rules: a change to what its contracts write, refuse or weigh
   * bumps it, and the genesis names the version a chain runs.
   */
  int version();

  /** Its contracts for this chain, the same on every node; pure, called more than once. */
  List<Contract> contracts(ChainEnvironment chain);

  /**
   * Secrets every validator of one network must hold alike (a file name under the node's
   * {@code secrets/} → fresh random bytes): made once by {@code network init} (and the demo) and
   * written to each validator, never by a node itself; read back in {@link #prepare} through
   * {@code NodeSecrets.find}/{@code require}. Called once per new network.
   */
  default java.util.Map<String, byte[]> newNetworkSecrets() {
    return java.util.Map.of();
  }

  /**
   * Secrets each node holds for itself alone (plain file names under the node's {@code secrets/},
   * e.g. drugs' {@code scan-place.key}): made fresh (32 random bytes), once, by {@code medledger
   * node secrets}, {@code network init} and the demo when missing, never replaced and never made by
   * a starting node; read back in {@link #prepare} through {@code NodeSecrets.find}/{@code require}.
   */
  default List<String> nodeSecrets() {
    return List.of();
  }

  /** Before the ledger opens: read (never create) the secrets it needs; throw to refuse to start. */
  /**
   * Which of its contracts' transactions, signed by the node certificate of a validator in force, may use
   * the mempool's reserved bytes: what a node must get onto the chain even when members' own
   * transactions fill the pool (records: the access audit, since a read is served only once its
   * event is admitted). Only names among {@link #contracts}; none by default.
   */
  default java.util.Set<String> validatorReservedContracts() {
    return java.util.Set.of();
  }

  default void prepare(PreparationContext context) throws IOException {}

  /** Builds its services and contributes routes, FHIR resources and health entries. */
  default void register(ApplicationContext context) throws IOException {}

  /** Every application is registered: background work may start. */
  default void start() {}

  /** The node is stopping: release what {@link #register} and {@link #start} acquired. */
  default void stop() {}

  /** Its part of the demo story, played in the order applications are named. */
  default List<DemoChapter> demoChapters() {
    return List.of();
  }

  /** The receipt kinds it renders besides the platform's, which {@code medledger verify} checks offline. */
  default List<ReceiptKind> receiptKinds() {
    return List.of();
  }

  /** Its {@code medledger} subcommands (picocli command objects), named by the application. */
  default List<Object> commands() {
    return List.of();
  }
}
