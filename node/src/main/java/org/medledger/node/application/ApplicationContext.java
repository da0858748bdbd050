package org.medledger.node.application;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;
import org.medledger.node.admission.Admission;
import org.medledger.node.auth.TokenService;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;
import org.medledger.node.vault.VaultService;

/**
 * What the node gives an application when it registers: the node's services (the ledger to read
 * at any retained height, admission and the commit waiters, transactions the node signs, the
 * vault), its identity, a clock, the application's own data folder, and the places an
 * application plugs into (REST routes, FHIR resources, health entries, commit listeners, services
 * shared between applications). Valid only during {@link Application#register}; an application
 * keeps the services it needs, not the context.
 */
public interface ApplicationContext {
  Genesis genesis();

  Membership membership();

  /** Committed blocks and state: {@code state()} now, {@code stateAt(height)} for a retained height. */
  Ledger ledger();

  Admission admission();

  CommitWaiters commits();

  /** Transactions this node signs for its organisation, submitted and awaited until committed. */
  NodeTransactions transactions();

  NodeIdentity identity();

  Clock clock();

  /** {@code <data>/apps/<name>}, created by the node, the application's alone. */
  Path dataDir();

  /** The off-chain shard store shared by every application that keeps encrypted documents. */
  VaultService vault();

  /** Verifies bearer tokens (a public route may still name a member who sends one). */
  TokenService tokens();

  /** Where clients reach this node's API ({@code api.publicUrl}), known once the API has started. */
  Supplier<String> publicApiBase();

  ApiRoutes routes();

  FhirResources fhir();

  /** Where it adds its web portal pages ({@code /ui/<name>/...}) and navigation entries. */
  PortalPages ui();

  /** Adds {@code name} to {@code GET /v1/health}, computed on each request. */
  void healthEntry(String name, Supplier<Object> value);

  /**
   * Where to count access decisions on health data (served, refused, break-glass) for /metrics.
   * The node provides it among the services; a context without one counts nothing.
   */
  default AccessDecisions accessDecisions() {
    return services().find(AccessDecisions.class).orElse(AccessDecisions.UNCOUNTED);
  }

  /** Told of every committed block, after it is durable. */
  void onCommit(CommitListener listener);

  ApplicationServices services();
}
