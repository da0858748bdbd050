package org.medledger.apps.care.node.fhir;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.medledger.apps.care.contract.CareContract;
import org.medledger.apps.care.contract.Milestone;
import org.medledger.apps.care.contract.MilestoneType;
import org.medledger.apps.care.contract.PlanVersion;
import org.medledger.apps.records.contract.patient.PatientContract;
import org.medledger.core.runtime.StateKeys;
import org.medledger.core.runtime.StateReader;
import org.medledger.crypto.Hash;

/**
 * A patient's episodes of care, one hospital at a time, read from the ledger alone: an episode
 * opens with the first care entry a hospital records for her (a plan or goal version, or a
 * milestone its clinician signs), and after a discharge with the next version, goal achieved or
 * discharge it records; the hospital's {@code discharge} milestone closes it. Follow-ups after a
 * discharge belong to the episode they follow, and open none; what the patient signs herself is
 * not a hospital's act and opens none either. The first episode at a hospital starts at her
 * registration in its care (the block of {@code patients.register} naming it) when that came
 * first. An episode's id is the transaction of the entry that opened it.
 */
public final class CareEpisodes {
  private CareEpisodes() {}

  /**
   * @param id the transaction that opened it
   * @param discharge the milestone that closed it; empty while it is open
   */
  public record Episode(Hash id, Hash patient, String organisation, long start, Optional<Milestone> discharge) {
    public boolean finished() {
      return discharge.isPresent();
    }
  }

  /** One hospital's act in her care, in ledger order. */
  private record Entry(long height, Hash tx, String organisation, long time, Optional<MilestoneType> milestone,
      Optional<Milestone> recorded) {}

  /**
   * Her episodes, by start then hospital.
   *
   * @param blockTime the time of the block at a height, when the reader holds it (a node: its signed headers)
   */
  public static List<Episode> of(StateReader state, Hash patient, LongFunction<Optional<Long>> blockTime) {
    List<Entry> entries = new ArrayList<>();
    for (Hash chain : CareContract.chainsOf(state, patient)) {
      for (PlanVersion v : CareContract.chain(state, chain)) {
        entries.add(new Entry(v.height(), v.transactionId(), v.organisation(), v.timestamp(), Optional.empty(), Optional.empty()));
      }
    }
    for (Milestone m : CareContract.milestonesOf(state, patient)) {
      if (!"patient".equals(m.signerRole())) {
        entries.add(new Entry(m.height(), m.id(), m.organisation(), m.timestamp(), Optional.of(m.type()), Optional.of(m)));
      }
    }
    entries.sort(Comparator.comparingLong(Entry::height).thenComparing(e -> e.tx().hex()));
    Map<String, List<Episode>> byHospital = new TreeMap<>();
    Map<String, Episode> open = new TreeMap<>();
    for (Entry e : entries) {
      List<Episode> past = byHospital.computeIfAbsent(e.organisation(), o -> new ArrayList<>());
      Episode current = open.get(e.organisation());
      boolean followUp = e.milestone().equals(Optional.of(MilestoneType.FOLLOW_UP_DONE));
      if (current == null && (past.isEmpty() || !followUp)) {
        long start = past.isEmpty() ? Math.min(e.time(), registered(state, patient, e.organisation(), blockTime).orElse(e.time()))
            : e.time();
        current = new Episode(e.tx(), patient, e.organisation(), start, Optional.empty());
        open.put(e.organisation(), current);
      }
      if (current != null && e.milestone().equals(Optional.of(MilestoneType.DISCHARGE))) {
        past.add(new Episode(current.id(), patient, current.organisation(), current.start(), e.recorded()));
        open.remove(e.organisation());
      }
    }
    List<Episode> all = new ArrayList<>();
    byHospital.forEach((organisation, past) -> {
      all.addAll(past);
      Optional.ofNullable(open.get(organisation)).ifPresent(all::add);
    });
    all.sort(Comparator.comparingLong(Episode::start).thenComparing(Episode::organisation));
    return all;
  }

  /** The time of the block that put {@code organisation} in her care list, when this node holds it. */
  private static Optional<Long> registered(StateReader state, Hash patient, String organisation,
      LongFunction<Optional<Long>> blockTime) {
    byte[] height = state.get(StateKeys.of(PatientContract.NAME, "care/" + patient.hex() + "/" + organisation));
    if (height == null) {
      return Optional.empty();
    }
    return blockTime.apply(Long.parseLong(new String(height, StandardCharsets.UTF_8)));
  }
}
