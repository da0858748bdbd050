package org.medledger.it.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.medledger.client.TransactionBuilder;
import org.medledger.it.NetemUnplayable;
import org.medledger.it.Netns;

/**
 * Plays one {@link ChaosManifest} on real processes ({@link ChaosCluster}) under its load, then
 * checks the chains and the register history and measures ({@link ChaosReport}).
 *
 * <p>After each fault heals the run waits, generously (2 minutes on a shared machine), for a new
 * block and for every node to reach the height the chain had at the heal: a network that does
 * not recover fails the run there, naming the step.
 */
final class ChaosRun {
  private static final long RECOVERY_MILLIS = 120_000;
  /** How many times a twin step plays its split when no evidence follows (a round's time each). */
  private static final int TWIN_ROUNDS = 3;
  /** How long after a twin step's round its evidence may take to be committed before the split is played again. */
  private static final long TWIN_EVIDENCE_MILLIS = 20_000;

  private final ChaosManifest manifest;
  private final long seed;
  private final Path dir;
  private final List<Long> healToBlock = new ArrayList<>();
  /** Validators a {@link Perturbation.Twin} ran a second process of: evidence must name each. */
  private final Set<Integer> twinned = new java.util.TreeSet<>();

  ChaosRun(ChaosManifest manifest, long seed, Path dir) {
    this.manifest = manifest;
    this.seed = seed;
    this.dir = dir;
  }

  ChaosReport play() throws Exception {
    try (ChaosCluster cluster = new ChaosCluster(dir, manifest.validators(), manifest.fullNodes())) {
      JsonNode reg = cluster.call(1, 60_000, c -> c.submit(new TransactionBuilder(cluster.admin(), cluster.chainId(),
          Clock.systemUTC()).registerSelf(), true));
      if (!"committed".equals(reg.path("status").asText())) {
        throw new IllegalStateException("the load's sender did not register: " + reg);
      }
      PlainLoad load = new PlainLoad(cluster);
      RegisterWorkload registers = new RegisterWorkload(cluster, manifest.registers(), seed);
      try (HeightMonitor monitor = new HeightMonitor(cluster)) {
        load.start(manifest.clients(), manifest.rate());
        registers.start(manifest.registerClients(), seed);
        long start = System.nanoTime();
        for (ChaosManifest.Step step : manifest.steps()) {
          long due = start + step.at().toNanos();
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          } else if (wait < -1_000_000_000L) {
            say("step '" + step.perturbation().manifestText() + "' starts " + (-wait / 1_000_000) + " ms late");
          }
          say(step.perturbation().manifestText());
          perform(cluster, step.perturbation());
          long healed = System.nanoTime();
          long topAtHeal = monitor.top();
          long toBlock = monitor.awaitAbove(topAtHeal, healed, RECOVERY_MILLIS);
          if (toBlock < 0) {
            throw new AssertionError("no new block within " + RECOVERY_MILLIS + " ms after healing '"
                + step.perturbation().manifestText() + "' (height " + topAtHeal + ")");
          }
          healToBlock.add(toBlock);
          say("  healed; first new block after " + toBlock + " ms");
          await("every node reaches height " + topAtHeal + " after '" + step.perturbation().manifestText() + "'",
              RECOVERY_MILLIS, () -> minHeight(cluster) >= topAtHeal);
        }
        long rest = start + manifest.duration().toNanos() - System.nanoTime();
        if (rest > 0) {
          TimeUnit.NANOSECONDS.sleep(rest);
        }
        load.stop();
        registers.stop();
        await("every node reaches one height", RECOVERY_MILLIS, () -> {
          long min = minHeight(cluster);
          return min > 0 && min == maxHeight(cluster);
        });
        long top = minHeight(cluster);
        return report(cluster, monitor, load, registers, top);
      }
    }
  }

  private void perform(ChaosCluster cluster, Perturbation p) throws Exception {
    Netns netns = cluster.netns();
    int i = p.node();
    if (p instanceof Perturbation.Disconnect d) {
      netns.link(i, false);
      sleep(d.lasts().toMillis());
      netns.link(i, true);
    } else if (p instanceof Perturbation.Kill k) {
      cluster.kill(i);
      sleep(k.down().toMillis());
      cluster.start(i, 0);
    } else if (p instanceof Perturbation.Pause s) {
      cluster.pause(i, true);
      sleep(s.lasts().toMillis());
      cluster.pause(i, false);
    } else if (p instanceof Perturbation.Restart) {
      cluster.stop(i);
      cluster.start(i, 0);
    } else if (p instanceof Perturbation.Partition x) {
      for (int[] link : x.shape().cutLinks(cluster.size(), x.node())) {
        netns.partition(List.of(link[0]), List.of(link[1]));
      }
      sleep(x.lasts().toMillis());
      netns.heal();
    } else if (p instanceof Perturbation.Netem t) {
      String playedBy;
      try {
        playedBy = netns.netem(i, t.delayMillis(), t.lossPercent());
      } catch (NetemUnplayable e) {
        // Said loudly, not counted as played.
        say("NOT PLAYED: " + e.getMessage());
        return;
      }
      say("  played by " + playedBy);
      String done;
      try {
        sleep(t.lasts().toMillis());
      } finally {
        // Even on a failed run: no rule, queue or loop outlives the step.
        done = netns.clearNetem(i);
      }
      if (!done.isEmpty()) {
        say("  " + done);
      }
    } else if (p instanceof Perturbation.ClockSkew c) {
      cluster.stop(i);
      cluster.start(i, c.offset().toMillis());
      sleep(c.lasts().toMillis());
      cluster.stop(i);
      cluster.start(i, 0);
    } else if (p instanceof Perturbation.StaleRestart s) {
      cluster.kill(i);
      Path backup = cluster.backUpLedger(i);
      cluster.start(i, 0);
      sleep(s.age().toMillis());
      cluster.kill(i);
      cluster.restoreLedger(i, backup);
      cluster.start(i, 0);
    } else if (p instanceof Perturbation.Twin t) {
      twin(cluster, i, t);
    } else {
      throw new IllegalArgumentException("no way to perform " + p);
    }
  }

  /**
   * Twins on real processes. The other validators are split in three: the node's side, the twin's
   * side and one validator that hears both (with 4 validators: node 3 with node 0, its twin with
   * node 2, node 1 between). With 4, each side with the bridge is a quorum only by the key the
   * node and its twin share; with any number the bridge receives both one's and the other's
   * messages for the same heights and rounds: the conflicting signatures Twins looks for, while
   * safety rests on the bridge voting once per step. Apart is timed from when the twin serves and a block has been
   * decided since the cut (one side or the other moved on); together, from when the node has
   * caught up after the heal.
   */
  private void twin(ChaosCluster cluster, int i, Perturbation.Twin t) throws Exception {
    Netns netns = cluster.netns();
    List<Integer> others = new ArrayList<>();
    for (int k = 0; k < cluster.size(); k++) {
      if (k != i) {
        others.add(k);
      }
    }
    int bridge = others.get((others.size() - 1) / 2);
    List<Integer> nodeSide = new ArrayList<>(List.of(i));
    nodeSide.addAll(others.subList(0, (others.size() - 1) / 2));
    List<Integer> twinSide = new ArrayList<>(List.of(cluster.twinNamespace()));
    twinSide.addAll(others.subList((others.size() - 1) / 2 + 1, others.size()));
    say("  node " + i + " with " + nodeSide + ", its twin (namespace " + cluster.twinNamespace() + ") with " + twinSide
        + ", node " + bridge + " hearing both");
    String organisation = cluster.organisation(i);
    for (int round = 1; ; round++) {
      long cutAt = maxHeight(cluster);
      netns.partition(nodeSide, twinSide);
      if (round == 1) {
        cluster.startTwin(i);
        twinned.add(i);
        await("the twin of node " + i + " serves", RECOVERY_MILLIS, cluster::twinServing);
      }
      await("a block is decided with the twin running", RECOVERY_MILLIS, () -> maxHeight(cluster) > cutAt);
      sleep(t.apart().toMillis());
      long atHeal = maxHeight(cluster);
      netns.heal();
      await("node " + i + " catches up with its twin running", RECOVERY_MILLIS, () -> cluster.height(i) >= atHeal);
      sleep(t.together().toMillis());
      if (!cluster.twinRunning()) {
        throw new AssertionError("the twin of node " + i + " died on its own: see " + cluster.twinLog(i));
      }
      if (round == TWIN_ROUNDS || convictedWithin(cluster, organisation, TWIN_EVIDENCE_MILLIS)) {
        break;
      }
      // A twin started on a copy of older data can spend the whole split syncing blocks its side
      // hears of only after they are decided, never voting at the bridge's height: nothing
      // conflicting was signed, so there is nothing to convict. Split again with the twin, now
      // caught up, still running (report() then asserts the evidence as ever).
      say("  no evidence naming " + organisation + " yet: the same split again, its twin still running (round "
          + (round + 1) + " of " + TWIN_ROUNDS + ")");
    }
    cluster.killTwin();
  }

  /** Whether evidence naming {@code organisation} is committed within {@code millis}. */
  private static boolean convictedWithin(ChaosCluster cluster, String organisation, long millis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() <= deadline) {
      try {
        if (convictions(cluster).containsKey(organisation)) {
          return true;
        }
      } catch (Exception e) {
        say("evidence not read yet: " + e);
      }
      Thread.sleep(200);
    }
    return false;
  }

  private ChaosReport report(ChaosCluster cluster, HeightMonitor monitor, PlainLoad load, RegisterWorkload registers, long top)
      throws Exception {
    ChainAudit chain = ChainAudit.of(cluster, top);
    Set<String> acknowledged = new HashSet<>(load.acknowledged());
    List<RegisterOp> history = registers.history();
    Map<String, RegisterLinearizability.Commit> commits = new java.util.HashMap<>();
    int reads = 0;
    int sets = 0;
    int refusals = 0;
    int unknown = 0;
    for (RegisterOp op : history) {
      if (op instanceof RegisterOp.Read) {
        reads++;
        continue;
      }
      RegisterOp.Cas c = (RegisterOp.Cas) op;
      switch (c.result()) {
        case OK -> sets++;
        case FAIL -> refusals++;
        case UNKNOWN -> unknown++;
        default -> { }
      }
      if (c.result() == RegisterOp.CasResult.OK || c.result() == RegisterOp.CasResult.FAIL
          || c.result() == RegisterOp.CasResult.NOOP) {
        acknowledged.add(c.txId());
      }
      long[] at = chain.positions().get(c.txId());
      if (at != null) {
        JsonNode outcome = cluster.call(0, 30_000, cl -> cl.transaction(c.txId())).get("outcome");
        commits.put(c.txId(), new RegisterLinearizability.Commit(at[0], (int) at[1], outcome.get("success").asBoolean(),
            outcome.path("code").asText()));
      }
    }
    List<String> violations = RegisterLinearizability.check(history, commits, registers.finalWriters(0, top));
    int lost = 0;
    for (String id : acknowledged) {
      if (!chain.positions().containsKey(id)) {
        lost++;
      }
    }
    Set<String> twinnedOrganisations = new java.util.TreeSet<>();
    for (int i : twinned) {
      twinnedOrganisations.add(cluster.organisation(i));
    }
    if (!twinned.isEmpty()) {
      // Each validator that saw the twin's conflicting messages resubmits its proof every few
      // seconds until the chain records one: wait for a record naming every twinned validator.
      await("evidence naming " + twinnedOrganisations + " is committed", RECOVERY_MILLIS, () -> {
        try {
          return convictions(cluster).keySet().containsAll(twinnedOrganisations);
        } catch (Exception e) {
          say("evidence not read yet: " + e);
          return false;
        }
      });
    }
    // Evidence against a validator that ran no twin is a double signature by honest code.
    long evidence = 0;
    Map<String, Long> convictions = convictions(cluster);
    for (Map.Entry<String, Long> e : convictions.entrySet()) {
      if (!twinnedOrganisations.contains(e.getKey())) {
        evidence += e.getValue();
      }
    }
    long seenByEngines = 0;
    for (int i = 0; i < cluster.size(); i++) {
      long againstHonest = 0;
      for (JsonNode line : cluster.health(i).path("evidence")) {
        if (twinnedOrganisations.stream().noneMatch(o -> line.asText().contains(" of " + o + " signed"))) {
          againstHonest++;
        }
      }
      seenByEngines = Math.max(seenByEngines, againstHonest);
    }
    evidence += seenByEngines;
    Map<String, Long> twinConvictions = new java.util.TreeMap<>();
    for (String o : twinnedOrganisations) {
      twinConvictions.put(o, convictions.getOrDefault(o, 0L));
    }
    List<Long> rounds = chain.roundsPerHeight();
    return new ChaosReport(top, acknowledged.size(), lost, chain.differingHeaders(), chain.differingStateRoots(), evidence,
        violations, reads, sets, refusals, unknown, Percentiles.of(healToBlock, 50), Percentiles.of(healToBlock, 99),
        monitor.longestGapMillis(), Percentiles.of(rounds, 99), rounds.stream().mapToLong(Long::longValue).max().orElse(0),
        Percentiles.of(load.latenciesMillis(), 50), Percentiles.of(load.latenciesMillis(), 99), chain.differences(),
        twinConvictions);
  }

  /** Committed evidence records by the organisation of the validator they name, all of them. */
  private static Map<String, Long> convictions(ChaosCluster cluster) throws Exception {
    Map<String, Long> out = new java.util.TreeMap<>();
    JsonNode list = cluster.committedEvidence();
    if (list.path("count").asLong() > list.path("evidence").size()) {
      throw new IllegalStateException("more evidence (" + list.path("count").asLong() + ") than one page holds");
    }
    for (JsonNode e : list.path("evidence")) {
      out.merge(e.path("organisation").asText(), 1L, Long::sum);
    }
    return out;
  }

  /** The lowest height of any node, full nodes included (-1 while one does not answer). */
  private static long minHeight(ChaosCluster cluster) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < cluster.nodeCount(); i++) {
      min = Math.min(min, cluster.height(i));
    }
    return min;
  }

  private static long maxHeight(ChaosCluster cluster) {
    long max = -1;
    for (int i = 0; i < cluster.nodeCount(); i++) {
      max = Math.max(max, cluster.height(i));
    }
    return max;
  }

  static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + millis + " ms waiting until " + what);
      }
      Thread.sleep(200);
    }
  }

  private static void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  static void say(String line) {
    System.out.println(LocalTime.now() + " chaos: " + line);
  }
}
