package org.medledger.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.medledger.core.block.Block;
import org.medledger.core.evidence.EvidenceContract;
import org.medledger.core.runtime.TxOutcome;
import org.medledger.node.admission.Admission;
import org.medledger.node.admission.Rejection;
import org.medledger.node.application.AccessDecisions;
import org.medledger.node.bft.BftOrdering;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.membership.ValidatorReach;
import org.medledger.node.mempool.Mempool;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.ordering.Ordering;
import org.medledger.node.vault.VaultService;

/**
 * The node's figures for {@code GET /metrics}, in Micrometer's Prometheus registry: names under
 * {@code medledger_}, base units (seconds), counters ending in {@code _total}. Labels name only
 * fixed sets (a rejection's reason, an outcome, a certificate's role): never a patient, a record,
 * a transaction or a user, so a scrape reveals nothing about whose data the node holds. The list
 * with each meter's meaning is docs/operations.md.
 */
public final class NodeMetrics implements CommitListener {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer blockInterval;
  private final Timer roundDuration;
  private final Counter blocksCommitted;
  private final Counter txSucceeded;
  private final Counter txFailed;
  private long previousBlockMillis = -1;

  /** What the node's parts are, as the node wires them; {@code bft} null on a one-validator node. */
  public record Sources(Ledger ledger, ValidatorReach validators, Ordering ordering, BftOrdering bft,
      Mempool mempool, Admission admission, VaultService vault, Map<String, X509Certificate> certificates,
      IntSupplier configuredPeers, String version) {}

  public NodeMetrics(Sources s) {
    Ledger ledger = s.ledger();
    Gauge.builder("medledger.chain.height", ledger::height).description("Height of the last committed block")
        .register(registry);
    Gauge.builder("medledger.consensus.round", () -> s.bft() == null ? 0 : s.bft().round())
        .description("Round this validator's engine is in at its current height (0: the first)").register(registry);
    Gauge.builder("medledger.ordering.running", () -> s.ordering().isRunning() ? 1 : 0)
        .description("1 while ordering runs; 0 once it stopped on an error (see the node log)").register(registry);
    this.blockInterval = Timer.builder("medledger.block.interval")
        .description("Time between consecutive committed blocks, by their header timestamps").register(registry);
    this.roundDuration = Timer.builder("medledger.consensus.round.duration")
        .description("How long each consensus round lasted on this validator").register(registry);
    this.blocksCommitted = Counter.builder("medledger.blocks.committed").description("Blocks this node committed")
        .register(registry);
    this.txSucceeded = Counter.builder("medledger.transactions.committed").tag("outcome", "success")
        .description("Committed transactions, by outcome").register(registry);
    this.txFailed = Counter.builder("medledger.transactions.committed").tag("outcome", "failure")
        .description("Committed transactions, by outcome").register(registry);

    // The next block's set as the ledger records it (ValidatorReach), not the genesis's: a set change moves these.
    ValidatorReach reach = s.validators();
    Gauge.builder("medledger.validators", () -> reach.now().validators())
        .description("Validators in force for the next block").register(registry);
    Gauge.builder("medledger.validators.missing", () -> reach.now().missing())
        .description("Validators in force this node has no live link to (itself counted present)").register(registry);
    Gauge.builder("medledger.quorum", () -> reach.now().quorum())
        .description("Validators needed to commit a block (2f + 1)").register(registry);
    Gauge.builder("medledger.quorum.reachable", () -> reach.now().quorumReachable() ? 1 : 0)
        .description("1 when this node and the validators it reaches can form a quorum").register(registry);
    Gauge.builder("medledger.peers.connected", () -> s.bft() == null ? 0 : s.bft().connectedPeers())
        .description("Peers with a live authenticated TLS link").register(registry);
    Gauge.builder("medledger.peers.configured", () -> s.configuredPeers().getAsInt())
        .description("Peers this node's configuration dials").register(registry);
    Gauge.builder("medledger.peers.best.height", () -> s.bft() == null ? ledger.height() : s.bft().bestPeerHeight())
        .description("Highest chain height a peer announced").register(registry);

    Gauge.builder("medledger.byzantine.evidence.committed", () -> EvidenceContract.count(ledger.state()))
        .description("Proofs of validator equivocation the chain holds").register(registry);
    Gauge.builder("medledger.byzantine.evidence.seen", () -> s.bft() == null ? 0 : s.bft().evidence().size())
        .description("Equivocations this validator's engine saw since it started").register(registry);
    Gauge.builder("medledger.byzantine.evidence.pending", () -> s.bft() == null ? 0 : s.bft().evidencePending())
        .description("Proofs of equivocation saved here that the chain does not hold yet").register(registry);

    Gauge.builder("medledger.mempool.transactions", s.mempool()::size)
        .description("Transactions waiting in the mempool").register(registry);
    for (Rejection.Code code : Rejection.Code.values()) {
      // Every reason registered up front, at 0: a rate over a series that appears late misses its first rise.
      Counter.builder("medledger.mempool.rejections").tag("reason", code.wireName())
          .description("Transactions this node refused to admit, by reason").register(registry);
    }
    s.admission().onRefused(code -> registry.counter("medledger.mempool.rejections", "reason", code.wireName())
        .increment());

    s.certificates().forEach((role, cert) -> Gauge.builder("medledger.certificate.expiry.timestamp",
            () -> cert.getNotAfter().getTime() / 1000.0)
        .tag("certificate", role).baseUnit("seconds")
        .description("When this node's certificate expires, seconds since the epoch").register(registry));

    VaultService vault = s.vault();
    Gauge.builder("medledger.vault.shards.unplaced", vault::unplacedShards)
        .description("Shards this node failed to place at their holder and has not seen there since")
        .register(registry);
    Gauge.builder("medledger.vault.bad.shard.reports", () -> vault.badShardReports().values().stream()
            .mapToInt(Integer::intValue).sum())
        .description("Shards from other nodes that failed their hash here").register(registry);
    Gauge.builder("medledger.vault.sweep.skipped", () -> vault.lastSweepSkipped().size())
        .description("Records the last repair sweep could not handle").register(registry);
    FunctionCounter.builder("medledger.vault.shards.served", vault, VaultService::shardsServed)
        .description("Shards this node served to other nodes").register(registry);

    Gauge.builder("medledger.build.info", () -> 1).tag("version", s.version())
        .tag("chain", ledger.genesis().chainId()).tag("suite", ledger.genesis().suite())
        .description("The release this node runs and the chain it serves").register(registry);

    for (AccessDecisions.Decision d : AccessDecisions.Decision.values()) {
      Counter.builder("medledger.access.decisions").tag("decision", d.label())
          .description("Reads of health data, by decision (audited reads only)").register(registry);
    }

    if (s.bft() != null) {
      s.bft().onRoundEnded((height, round, nanos) -> roundDuration.record(nanos, TimeUnit.NANOSECONDS));
    }
  }

  /** An access decision on health data: served, refused, or served by break-glass; by decision only. */
  public void accessDecision(AccessDecisions.Decision decision) {
    registry.counter("medledger.access.decisions", "decision", decision.label()).increment();
  }

  @Override
  public synchronized void committed(Block block, List<TxOutcome> outcomes) {
    blocksCommitted.increment();
    for (TxOutcome o : outcomes) {
      (o.success() ? txSucceeded : txFailed).increment();
    }
    long t = block.header().timestamp();
    if (previousBlockMillis >= 0 && t >= previousBlockMillis) {
      blockInterval.record(t - previousBlockMillis, TimeUnit.MILLISECONDS);
    }
    previousBlockMillis = t;
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  public String scrape() {
    return registry.scrape();
  }
}
