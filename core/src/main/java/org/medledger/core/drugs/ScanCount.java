package org.medledger.core.drugs;

import java.util.ArrayList;
import java.util.List;
import org.medledger.core.codec.CanonicalReader;
import org.medledger.core.codec.CanonicalWriter;

/**
 * How often a pack's code was scanned by the public, and from how many places (the first few
 * distinct ones kept, in order seen). A genuine pack is scanned in a place or two; a code printed
 * on many counterfeits is scanned in many.
 */
public record ScanCount(long scans, List<String> places) {
  public static final ScanCount NONE = new ScanCount(0, List.of());

  public ScanCount {
    places = List.copyOf(places);
  }

  ScanCount add(String place, int keep) {
    List<String> p = new ArrayList<>(places);
    if (!p.contains(place) && p.size() < keep) {
      p.add(place);
    }
    return new ScanCount(scans + 1, p);
  }

  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(16 + 17 * places.size()).u8(1).u64(scans).u32(places.size());
    places.forEach(w::string);
    return w.toByteArray();
  }

  public static ScanCount decode(byte[] bytes) {
    if (bytes == null) {
      return NONE;
    }
    CanonicalReader r = new CanonicalReader(bytes);
    r.u8("scans.version");
    long n = r.u64("scans.count");
    int k = r.u32("scans.places");
    if (k > DrugsContract.MAX_PLACES_KEPT) {
      throw new IllegalArgumentException("scans.places: more than " + DrugsContract.MAX_PLACES_KEPT);
    }
    List<String> places = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      places.add(r.string("scans.place", 16));
    }
    r.expectEnd("scans");
    return new ScanCount(n, places);
  }
}
