package org.medledger.node.application;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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

/** What a running node hands each application as it registers: its services, per application. */
public record NodeApplicationContext(
    Genesis genesis,
    Membership membership,
    Ledger ledger,
    Admission admission,
    CommitWaiters commits,
    NodeTransactions transactions,
    NodeIdentity identity,
    Clock clock,
    Path dataDir,
    VaultService vault,
    TokenService tokens,
    Supplier<String> publicApiBase,
    ApiRoutes routes,
    FhirResources fhir,
    BiConsumer<String, Supplier<Object>> healthEntries,
    Consumer<CommitListener> commitListeners,
    ApplicationServices services,
    PortalPages ui) implements ApplicationContext {

  /** The same node's context for another application: only its folder differs. */
  public NodeApplicationContext forFolder(Path folder) {
    return new NodeApplicationContext(genesis, membership, ledger, admission, commits, transactions, identity, clock, folder,
        vault, tokens, publicApiBase, routes, fhir, healthEntries, commitListeners, services, ui);
  }

  /** The same node's context for one application: its folder and its portal pages. */
  public NodeApplicationContext forApplication(Path folder, PortalPages pages) {
    return new NodeApplicationContext(genesis, membership, ledger, admission, commits, transactions, identity, clock, folder,
        vault, tokens, publicApiBase, routes, fhir, healthEntries, commitListeners, services, pages);
  }

  @Override
  public void healthEntry(String name, Supplier<Object> value) {
    healthEntries.accept(name, value);
  }

  @Override
  public void onCommit(CommitListener listener) {
    commitListeners.accept(listener);
  }
}
