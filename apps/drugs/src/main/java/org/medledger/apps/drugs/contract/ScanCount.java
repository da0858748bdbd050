package org.medledger.apps.drugs.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * How often a pack's code was scanned by the public, and from which places, each place as reported
 * by one organisation's node at a block time. A genuine pack is scanned in a place or two; a code
 * printed on many counterfeits is scanned in many.
 *
 * <p>No single node is trusted with the verdict (issue 22, finding 4: one client scanning through
 * four nodes, or one node inventing places, branded a genuine pack for good). So: a report counts
 * for {@value #WINDOW_MILLIS} ms of block time after its organisation last reported that place; an
 * organisation holds at most {@value #PLACES_PER_ORGANISATION} live places per pack (more are
 * counted as scans, not as places); and a pack reads as a likely clone only when, setting aside
 * every report of any one organisation, the others still show {@link DrugsContract#CLONE_PLACES}
 * distinct places. A lone dishonest node therefore never brands a pack, however many places it
 * invents; a regulator's reset clears every report and is kept.
 */
public record ScanCount(long scans, List<Report> reports, Optional<Reset> lastReset) {
  /** Reports are kept sorted, so equal counts encode to equal bytes (declared before NONE, which uses it). */
  private static final Comparator<Report> ORDER = Comparator.comparing(Report::place).thenComparing(Report::organisation);
  public static final ScanCount NONE = new ScanCount(0, List.of(), Optional.empty());
  /** Thirty days of block time: scans older than this no longer count. */
  public static final long WINDOW_MILLIS = 30L * 24 * 3600 * 1000;
  /** One organisation's node counts at most this many places per pack in the window (its whole say). */
  public static final int PLACES_PER_ORGANISATION = DrugsContract.CLONE_PLACES;
  /** Bounds a stored value: far more organisations than any consortium holds, each at its budget. */
  static final int MAX_REPORTS = 64 * PLACES_PER_ORGANISATION;
  private static final int VERSION = 2;

  /** {@code place} (a network-wide digest of where a scan came from) last reported by {@code organisation}'s node at block time {@code lastSeen}. */
  public record Report(String place, String organisation, long lastSeen) {}

  /** The regulator organisation that cleared the reports, at which block time, and why. */
  public record Reset(String organisation, long at, String reason) {}

  public ScanCount {
    reports = reports.stream().sorted(ORDER).toList();
  }

  /**
   * One more scan of the pack, reported by {@code organisation}'s node from {@code place} in a block
   * of time {@code now}: reports out of the window are dropped, a place the organisation reported
   * before is refreshed, a new one is kept only within the organisation's budget.
   */
  ScanCount record(String place, String organisation, long now) {
    List<Report> live = new ArrayList<>(live(now));
    Optional<Report> same = live.stream().filter(r -> r.place().equals(place) && r.organisation().equals(organisation)).findFirst();
    if (same.isPresent()) {
      live.remove(same.get());
      live.add(new Report(place, organisation, now));
    } else if (live.stream().filter(r -> r.organisation().equals(organisation)).count() < PLACES_PER_ORGANISATION
        && live.size() < MAX_REPORTS) {
      live.add(new Report(place, organisation, now));
    }
    return new ScanCount(scans + 1, live, lastReset);
  }

  /** The regulator's reset: every report cleared, the scan total kept, the reset recorded. */
  ScanCount reset(String organisation, long now, String reason) {
    return new ScanCount(scans, List.of(), Optional.of(new Reset(organisation, now, reason)));
  }

  /** Reports still counting at time {@code now} (a report of time t counts while now - t < the window). */
  public List<Report> live(long now) {
    return reports.stream().filter(r -> now - r.lastSeen() < WINDOW_MILLIS).toList();
  }

  /** Distinct places of the live reports, whoever reported them. */
  public int places(long now) {
    return distinctPlaces(live(now), "");
  }

  /** Organisations whose nodes reported a live place. */
  public int organisations(long now) {
    return (int) live(now).stream().map(Report::organisation).distinct().count();
  }

  /**
   * The fewest distinct places that remain when any one organisation's reports are set aside: what
   * the pack's clone verdict rests on, so that no one node's word decides it. Zero while fewer than
   * two organisations reported.
   */
  public int placesWithoutAnyOneOrganisation(long now) {
    List<Report> live = live(now);
    Set<String> orgs = new TreeSet<>();
    live.forEach(r -> orgs.add(r.organisation()));
    if (orgs.size() < 2) {
      return 0;
    }
    int fewest = Integer.MAX_VALUE;
    for (String left : orgs) {
      fewest = Math.min(fewest, distinctPlaces(live, left));
    }
    return fewest;
  }

  public boolean likelyClone(long now) {
    return placesWithoutAnyOneOrganisation(now) >= DrugsContract.CLONE_PLACES;
  }

  private static int distinctPlaces(List<Report> reports, String leftOut) {
    return (int) reports.stream().filter(r -> !r.organisation().equals(leftOut)).map(Report::place).distinct().count();
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(64 + 64 * reports.size()).u8(VERSION).u64(scans).u32(reports.size());
    for (Report r : reports) {
      w.string(r.place()).string(r.organisation()).u64(r.lastSeen());
    }
    w.bool(lastReset.isPresent());
    lastReset.ifPresent(x -> w.string(x.organisation()).u64(x.at()).string(x.reason()));
    return w.toByteArray();
  }

  /**
   * Reads a stored count. A version 1 value (places with no reporter or time, from before this
   * rule) keeps its scan total and no places: who reported them cannot be known.
   */
  public static ScanCount decode(byte[] bytes) {
    if (bytes == null) {
      return NONE;
    }
    CanonicalReader r = new CanonicalReader(bytes);
    int version = r.u8("scans.version");
    long n = r.u64("scans.count");
    int k = r.u32("scans.places");
    if (version == 1) {
      for (int i = 0; i < k; i++) {
        r.string("scans.place", 16);
      }
      r.expectEnd("scans");
      return new ScanCount(n, List.of(), Optional.empty());
    }
    if (version != VERSION) {
      throw new IllegalArgumentException("scans.version: " + version + " (expected 1 or " + VERSION + ")");
    }
    if (k > MAX_REPORTS) {
      throw new IllegalArgumentException("scans.places: more than " + MAX_REPORTS);
    }
    List<Report> reports = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      reports.add(new Report(r.string("scans.place", 16), r.string("scans.organisation", 256), r.u64("scans.lastSeen")));
    }
    Optional<Reset> reset = Optional.empty();
    if (r.bool("scans.reset")) {
      reset = Optional.of(new Reset(r.string("scans.reset.organisation", 256), r.u64("scans.reset.at"), r.string("scans.reset.reason", 1024)));
    }
    r.expectEnd("scans");
    return new ScanCount(n, reports, reset);
  }
}
