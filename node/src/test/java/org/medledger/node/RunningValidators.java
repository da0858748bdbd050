package org.medledger.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.medledger.crypto.Hash;
import org.medledger.core.tx.Transaction;
import org.medledger.node.admission.AdmissionResult;

/**
 * The validators of a {@link BftTestNetwork}, started for real and linked, with the waits every
 * multi-validator test needs: submit at one node, wait until all have committed, check the outcome.
 */
public final class RunningValidators implements AutoCloseable {
  private final BftTestNetwork net;
  private final List<MedLedgerNode> nodes = new ArrayList<>();

  private RunningValidators(BftTestNetwork net) {
    this.net = net;
  }

  /** Starts every validator of {@code net} and waits until each is linked to all the others. */
  public static RunningValidators start(BftTestNetwork net) throws Exception {
    RunningValidators running = new RunningValidators(net);
    try {
      for (var c : net.configs) {
        running.nodes.add(MedLedgerNode.start(c));
      }
      int peers = net.configs.size() - 1;
      await("linked", 20_000, () -> running.nodes.stream()
          .allMatch(n -> ((org.medledger.node.bft.BftOrdering) n.ordering()).connectedPeers() == peers));
      return running;
    } catch (Exception | AssertionError e) {
      running.close();
      throw e;
    }
  }

  public List<MedLedgerNode> nodes() {
    return nodes;
  }

  public MedLedgerNode node(int index) {
    return nodes.get(index);
  }

  /** Admits {@code tx} at the first validator and returns its id. */
  public Hash submit(Transaction tx) {
    AdmissionResult r = nodes.get(0).admission().submit(tx);
    assertThat(r).as(r.toString()).isInstanceOf(AdmissionResult.Accepted.class);
    return tx.id(net.suite.hash());
  }

  /** Submits {@code tx}, waits until every validator has committed it, and checks it succeeded. */
  public void commit(Transaction tx) throws InterruptedException {
    Hash id = submit(tx);
    await("committed", 30_000, () -> nodes.stream().allMatch(n -> n.ledger().transaction(id).isPresent()));
    var outcome = nodes.get(0).ledger().transaction(id).orElseThrow().outcome();
    assertThat(outcome.success()).as(outcome.code() + ": " + outcome.message()).isTrue();
  }

  public static void await(String what, long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    nodes.forEach(MedLedgerNode::close);
  }
}
