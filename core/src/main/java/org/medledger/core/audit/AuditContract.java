package org.medledger.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.medledger.core.access.AccessDecision;
import org.medledger.core.access.HealthRoles;
import org.medledger.core.codec.DecodeException;
import org.medledger.core.consent.ConsentContract;
import org.medledger.core.consent.ConsentRecord;
import org.medledger.core.patient.PatientId;
import org.medledger.core.record.HealthRecordEntry;
import org.medledger.core.record.RecordContract;
import org.medledger.core.runtime.Contract;
import org.medledger.core.runtime.ContractContext;
import org.medledger.core.runtime.ContractException;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.core.tx.Args;
import org.medledger.crypto.Hash;
import org.medledger.crypto.Hex;

/**
 * The access audit (DeepMind's Verifiable Data Audit): {@code log} appends a batch of {@link
 * AccessEvent}s that a member node's policy point decided, signed by that node. Batching keeps the
 * audit off the critical path of reads and lets it keep up with them. Each event must be about a
 * registered record of the patient it names, and a consent-based one must cite a consent of that
 * patient for that requester; everything else about the decision is the node's word, checkable
 * against the consent state at the event's height.
 */
public final class AuditContract implements Contract {
  public static final String NAME = "audit";
  public static final int MAX_EVENTS_PER_TRANSACTION = 1_000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public java.util.Map<String, java.util.Set<String>> methodRoles() {
    return java.util.Map.of("log", java.util.Set.of("node"));
  }

  @Override
  public void execute(ContractContext ctx) throws ContractException {
    if (!"log".equals(ctx.method())) {
      throw new ContractException("unknown_method", "audit has no method '" + ctx.method() + "' (expected log)");
    }
    if (!HealthRoles.NODE.equals(ctx.caller().role())) {
      throw new ContractException("forbidden", "only a member node's policy point logs accesses (the caller's role is "
          + ctx.caller().role() + ")");
    }
    List<AccessEvent> events;
    try {
      events = AccessEvent.decodeBatch(Hex.decode(ctx.requireArg("events")), MAX_EVENTS_PER_TRANSACTION);
    } catch (DecodeException | IllegalArgumentException e) {
      throw new ContractException("invalid_argument", "events: " + e.getMessage());
    }
    int i = 0;
    for (AccessEvent reported : events) {
      check(ctx, reported, i);
      AccessEvent e = reported.witnessed(ctx.caller().certificateId(), ctx.caller().organisation(), ctx.blockHeight());
      String suffix = String.format("%016x/%s/%04x", ctx.blockHeight(), ctx.transactionId().hex(), i);
      ctx.put(patientKey(e.patient()) + suffix, e.encode());
      ctx.put("record/" + e.record().hex() + "/" + suffix, e.patient().value().toBytes());
      i++;
    }
    ctx.emit("AccessesLogged", Args.of("count", Integer.toString(events.size())));
  }

  private static void check(ContractContext ctx, AccessEvent e, int index) throws ContractException {
    byte[] rec = ctx.read(RecordContract.NAME, "record/" + e.record().hex());
    if (rec == null) {
      // A refused read of an unknown record names no patient: nothing to file it under.
      throw new ContractException("unknown_record", "event " + index + ": record " + e.record() + " is not registered");
    }
    HealthRecordEntry entry = HealthRecordEntry.decode(rec);
    if (!entry.patient().equals(e.patient())) {
      throw new ContractException("invalid_argument", "event " + index + ": record " + e.record() + " is not that patient's");
    }
    if (e.served() == (e.basis() == AccessDecision.Basis.NONE)) {
      throw new ContractException("invalid_argument", "event " + index + ": a served read has a basis, a refused one none");
    }
    if (e.basis() == AccessDecision.Basis.CONSENT) {
      byte[] c = ctx.read(ConsentContract.NAME, "consent/" + e.consent().hex());
      if (c == null || !ConsentRecord.decode(c).grant().patient().equals(e.patient())) {
        throw new ContractException("invalid_argument", "event " + index + ": consent " + e.consent() + " is not one of this patient's");
      }
    }
    if (e.basis() == AccessDecision.Basis.BREAK_GLASS && e.reason().isBlank()) {
      throw new ContractException("invalid_argument", "event " + index + ": a break-glass read needs its stated reason");
    }
  }

  @Override
  public SortedMap<String, String> query(StateReader state, String method, Args args) throws ContractException {
    throw new ContractException("unknown_method", "audit is read through the patient's view (AuditContract.ofPatient)");
  }

  /** Every logged access to this patient's records, oldest first. */
  public static List<AccessEvent> ofPatient(StateReader state, PatientId patient) {
    List<AccessEvent> out = new ArrayList<>();
    state.scan(StateKeys.of(NAME, patientKey(patient)), (k, v) -> {
      out.add(AccessEvent.decode(v));
      return true;
    });
    return out;
  }

  /**
   * Every logged access to this patient's records, oldest first, each with a stable id: {@code
   * <height>-<transaction id>-<index in the transaction>}.
   */
  public static void visit(StateReader state, PatientId patient, java.util.function.BiConsumer<String, AccessEvent> visitor) {
    String prefix = patientKey(patient);
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      String[] parts = StateKeys.localKey(NAME, k).substring(prefix.length()).split("/");
      visitor.accept(Long.parseLong(parts[0], 16) + "-" + parts[1] + "-" + Integer.parseInt(parts[2], 16), AccessEvent.decode(v));
      return true;
    });
  }

  /** Every logged access to one record, oldest first. */
  public static List<AccessEvent> ofRecord(StateReader state, Hash record) {
    List<AccessEvent> out = new ArrayList<>();
    String prefix = "record/" + record.hex() + "/";
    state.scan(StateKeys.of(NAME, prefix), (k, v) -> {
      String suffix = StateKeys.localKey(NAME, k).substring(prefix.length());
      byte[] e = state.get(StateKeys.of(NAME, patientKey(new PatientId(Hash.of(v))) + suffix));
      if (e != null) {
        out.add(AccessEvent.decode(e));
      }
      return true;
    });
    return out;
  }

  static String patientKey(PatientId p) {
    return "patient/" + p + "/";
  }
}
