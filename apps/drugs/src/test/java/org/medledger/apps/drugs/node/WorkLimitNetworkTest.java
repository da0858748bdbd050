package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.apps.drugs.contract.DrugEvent;
import org.medledger.core.runtime.WorkLimits;
import org.medledger.core.tx.Args;
import org.medledger.core.tx.Transaction;
import org.medledger.crypto.Hash;
import org.medledger.crypto.x509.Role;
import org.medledger.node.admission.AdmissionResult;
import org.medledger.node.admission.Rejection;
import org.medledger.node.BftTestNetwork;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.RunningValidators;

/**
 * Issue 22, finding 2, on four validators over mutual TLS: a member's capture that weighs a few
 * hundred by its arguments but rewrites case after case of ten thousand packs is stopped by the
 * metering on every validator (failed, too heavy), and an unrelated transaction behind it commits
 * at once; a capture whose arguments alone name 300,000 serials is refused at admission.
 */
class WorkLimitNetworkTest {
  static final String GTIN = "09506000134352";
  static final String CASE = "106141411234567897";
  @TempDir
  Path dir;
  private RunningValidators running;

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aCaptureThatRewritesCasesIsStoppedByMeteringAndTheChainMovesOn() throws Exception {
    BftTestNetwork net = new BftTestNetwork(dir, "intl", 4);
    running = RunningValidators.start(net);
    BftTestNetwork.Member maker = net.member(0, "factory", Role.MAKER);
    running.commit(net.register(maker));
    running.commit(net.registerClinician());
    BftTestNetwork.Member regulator = net.member(3, "inspector", Role.REGULATOR);
    running.commit(net.register(regulator));
    running.commit(net.tx(regulator, "drugs", "recordPrefix", "prefix", "9506000", "organisation", "org-0"));
    running.commit(net.tx(maker, "drugs", "registerGtin", "gtin", GTIN));
    running.commit(net.tx(maker, "drugs", "commission", "gtin", GTIN, "lot", "L1", "expiry", "301231", "serials", "1..10000"));
    for (int from = 1; from <= 10_000; from += 2_000) {
      StringJoiner children = new StringJoiner(",");
      for (int i = from; i < from + 2_000; i++) {
        children.add("01/" + GTIN + "/21/" + i);
      }
      running.commit(net.tx(maker, "drugs", "aggregate", "parent", CASE, "children", children.toString()));
    }

    String events = DrugEvent.encodeList(List.of(
        new DrugEvent("ship", Args.of("cases", CASE, "to", "org-1", "eventId", "e1")),
        new DrugEvent("declareError", Args.of("declaredEventId", "e1", "reason", "wrong")),
        new DrugEvent("ship", Args.of("cases", CASE, "to", "org-1", "eventId", "e3")),
        new DrugEvent("declareError", Args.of("declaredEventId", "e3", "reason", "wrong")),
        new DrugEvent("ship", Args.of("cases", CASE, "to", "org-1", "eventId", "e5"))));
    Transaction heavy = net.tx(maker, "drugs", "capture", "events", events);
    assertThat(running.node(0).ledger().weight(heavy)).isLessThan(1_000);
    Hash heavyId = running.submit(heavy);
    long start = System.currentTimeMillis();
    // Unrelated: another organisation's member registering (the notary's anchor before the drugs
    // application had its own module; a drugs test runs the platform's contracts and its own).
    Hash unrelatedId = running.submit(net.register(net.member(2, "clerk", Role.ADMIN)));
    RunningValidators.await("the unrelated registration is committed everywhere", 15_000,
        () -> running.nodes().stream().allMatch(n -> n.ledger().transaction(unrelatedId).isPresent()));
    long took = System.currentTimeMillis() - start;
    RunningValidators.await("the capture is decided", 15_000, () -> running.nodes().stream().allMatch(n -> n.ledger().transaction(heavyId).isPresent()));
    for (MedLedgerNode n : running.nodes()) {
      var outcome = n.ledger().transaction(heavyId).orElseThrow().outcome();
      assertThat(outcome.code()).isEqualTo("too_heavy");
    }
    assertThat(took).as("ms for an unrelated transaction to commit behind it").isLessThan(10_000);

    // 30 events of 10,000 serials each: a few kilobytes of arguments, refused before any node runs it.
    List<DrugEvent> bulk = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      bulk.add(new DrugEvent("commission", Args.of("gtin", GTIN, "lot", "L2", "expiry", "301231",
          "serials", (100_000 + i * 10_000) + ".." + (100_000 + i * 10_000 + 9_999))));
    }
    AdmissionResult refused = running.node(1).admission().submit(net.tx(maker, "drugs", "capture", "events", DrugEvent.encodeList(bulk)));
    assertThat(refused).isInstanceOfSatisfying(AdmissionResult.Refused.class, r -> {
      assertThat(r.rejection().code()).isEqualTo(Rejection.Code.TOO_HEAVY);
      assertThat(r.rejection().message()).contains(Long.toString(WorkLimits.MAX_TRANSACTION_WORK));
    });
  }
}
