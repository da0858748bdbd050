package org.medledger.node;

import java.util.Set;
import org.medledger.apps.records.contract.audit.AccessEvent;
import org.medledger.apps.records.contract.audit.AuditContract;
import org.medledger.crypto.Hash;

/**
 * Every read refused to patient 2 (another patient's record), to the insurer at its own node and
 * to org-0's admin (her hospital holds the record, but she reads no clinical content:
 * docs/security.md, "Least privilege") is in patient 1's committed audit, as refused: the design audits every read it decides
 * (docs/security.md, "Access events"); a read refused before a decision (no token, another
 * organisation at this node, no signed request) names no requester the ledger could check.
 */
final class RefusedReadAudit {
  private final AbuseWorld world;

  RefusedReadAudit(AbuseWorld world) {
    this.world = world;
  }

  void check(AbuseTable table) throws Exception {
    AbuseWorld.Caller insurer = world.insurer;
    AbuseWorld.Caller insurerAtHome = world.login(2, "assessor", insurer.id(), insurer.identity());
    RawHttps home = new RawHttps(world.trust.sslContext(), world.running.node(2).apiPort());
    String path = "/v1/records/" + world.record.record().hex() + "?purpose=TREAT";
    RawHttps.Answer a = home.send("127.0.9.1", "GET", path, insurerAtHome.token(), null, null, null,
        world.readRequest(insurerAtHome, path));
    table.note("audit: the insurer reading patient 1's record at its own node: " + a);
    Set<Hash> refusedReaders = new java.util.HashSet<>();
    RunningValidators.await("refused reads audited", 20_000, () -> {
      refusedReaders.clear();
      for (AccessEvent e : AuditContract.ofPatient(world.running.node(0).ledger().state(), world.patient1)) {
        if (!e.served()) {
          refusedReaders.add(e.requester());
        }
      }
      return refusedReaders.contains(world.patient2.id()) && refusedReaders.contains(insurer.id())
          && refusedReaders.contains(world.admin.id());
    });
    table.note("audit: refused reads of patient 1's record in her committed audit, by patient 2: "
        + refusedReaders.contains(world.patient2.id()) + ", by the insurer (its node): " + refusedReaders.contains(insurer.id())
        + ", by org-0's admin (the custodian's): " + refusedReaders.contains(world.admin.id()));
  }
}
