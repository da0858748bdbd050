package org.medledger.apps.insurance.node.fhir;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Resource;
import org.medledger.crypto.Hash;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirSearchParameter;

/**
 * The search parameters the insurance resources share, parsed once per search: {@code patient}
 * ({@code Patient/<id>} or the bare id), {@code status} (the resource's FHIR status, or the
 * claim's own lifecycle status on the ledger) and {@code created} (a day, with FHIR's {@code eq},
 * {@code ge}, {@code gt}, {@code le}, {@code lt} prefixes; several values must all hold). A value
 * that does not parse is refused, 400, naming it.
 */
final class SearchFilters {
  static final FhirSearchParameter PATIENT = new FhirSearchParameter("patient", "reference",
      "Patient/<patient id> or the bare id: the patient the resource is about");
  static final FhirSearchParameter CREATED = new FhirSearchParameter("created", "date",
      "the day (UTC) it was created, e.g. ge2026-01-01; prefixes eq, ge, gt, le, lt; repeat to bound both ends");

  static FhirSearchParameter statusParameter(String codes) {
    return new FhirSearchParameter("status", "token", codes);
  }

  private final Optional<Hash> patient;
  private final Optional<String> status;
  private final List<DayBound> created;

  private record DayBound(String prefix, LocalDate day) {
    boolean holds(LocalDate d) {
      int c = d.compareTo(day);
      return switch (prefix) {
        case "ge" -> c >= 0;
        case "gt" -> c > 0;
        case "le" -> c <= 0;
        case "lt" -> c < 0;
        default -> c == 0;
      };
    }
  }

  private SearchFilters(Optional<Hash> patient, Optional<String> status, List<DayBound> created) {
    this.patient = patient;
    this.status = status;
    this.created = created;
  }

  /** The request's filters; {@code statuses} are the values {@code status} may take. */
  static SearchFilters of(FhirRequest request, Set<String> statuses) {
    Optional<Hash> patient = Optional.ofNullable(request.query("patient")).map(p -> {
      String hex = p.startsWith("Patient/") ? p.substring("Patient/".length()) : p;
      try {
        return Hash.fromHex(hex.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new FhirProblem(400, "invalid", "patient: '" + shorten(p) + "' is not Patient/<patient id> (64 hex digits)");
      }
    });
    Optional<String> status = Optional.ofNullable(request.query("status"));
    if (status.isPresent() && !statuses.contains(status.get())) {
      throw new FhirProblem(400, "invalid", "status: '" + shorten(status.get()) + "' is not one of "
          + String.join(", ", new java.util.TreeSet<>(statuses)));
    }
    List<DayBound> created = new ArrayList<>();
    for (String v : request.http().queryParams("created")) {
      String prefix = v.length() > 2 && Character.isLetter(v.charAt(0)) ? v.substring(0, 2) : "eq";
      String day = prefix.equals("eq") && !v.startsWith("eq") ? v : v.substring(2);
      if (!Set.of("eq", "ge", "gt", "le", "lt").contains(prefix)) {
        throw new FhirProblem(400, "invalid", "created: prefix '" + shorten(prefix) + "' is not one of eq, ge, gt, le, lt");
      }
      try {
        created.add(new DayBound(prefix, LocalDate.parse(day)));
      } catch (DateTimeException e) {
        throw new FhirProblem(400, "invalid", "created: '" + shorten(v) + "' is not a day such as 2026-12-06 (with an"
            + " optional prefix such as ge)");
      }
    }
    return new SearchFilters(patient, status, created);
  }

  boolean patient(Hash... about) {
    return patient.isEmpty() || java.util.Arrays.asList(about).contains(patient.get());
  }

  boolean status(String... shown) {
    return status.isEmpty() || java.util.Arrays.asList(shown).contains(status.get());
  }

  boolean created(long millis) {
    LocalDate d = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate();
    return created.stream().allMatch(b -> b.holds(d));
  }

  /** The page of {@code views} the request asks for, each rendered only if it is in the page. */
  static FhirMatches page(FhirRequest request, List<Supplier<? extends Resource>> views) {
    List<FhirMatches.Entry> entries = request.page().slice(views).stream().map(v -> entry(v.get())).toList();
    return new FhirMatches(views.size(), entries);
  }

  static FhirMatches.Entry entry(Resource r) {
    return new FhirMatches.Entry(r.fhirType(), r.getIdElement().getIdPart(), InsuranceFhirJson.write(r));
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
