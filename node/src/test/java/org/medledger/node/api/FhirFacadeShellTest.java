package org.medledger.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.medledger.fhirconformance.FhirConformance;
import org.medledger.node.application.FhirAnswer;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirMatches;
import org.medledger.node.application.FhirPage;
import org.medledger.node.application.FhirProblem;
import org.medledger.node.application.FhirRequest;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirSearchParameter;

/**
 * The FHIR façade's shell without a server: the page a search asks for (defaults, the cap, every
 * malformed value refused naming it), the searchset it writes (links, totals, resources kept byte
 * for byte), the CapabilityStatement (exactly the registered types, valid R4), and the rules of
 * registration.
 */
class FhirFacadeShellTest {
  private static final String BASE = "https://hospital-a.example:8443/fhir";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A type read and searched by {@code subject}. */
  static class Notes implements FhirResourceProvider {
    @Override
    public Set<FhirInteraction> interactions() {
      return Set.of(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
    }

    @Override
    public List<FhirSearchParameter> searchParameters() {
      return List.of(new FhirSearchParameter("subject", "reference", "Patient/<id>"),
          new FhirSearchParameter("date", "date", "when it was written"));
    }

    @Override
    public FhirAnswer read(FhirRequest request, String id) {
      throw new FhirProblem(404, "not-found", "no Basic/" + id);
    }
  }

  @Test
  void aPageIsOneHundredByDefaultAndAtMostOneThousand() {
    assertThat(FhirPaging.page(List.of(), List.of())).isEqualTo(new FhirPage(0, 100));
    assertThat(FhirPaging.page(List.of("1000"), List.of("2000"))).isEqualTo(new FhirPage(2000, 1000));
    assertThat(FhirPaging.page(List.of("0"), List.of())).isEqualTo(new FhirPage(0, 0));
    assertThatThrownBy(() -> FhirPaging.page(List.of("1001"), List.of())).isInstanceOfSatisfying(FhirProblem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.issueCode()).isEqualTo("too-costly");
      assertThat(p.getMessage()).contains("_count 1001", "cap of 1000");
    });
    for (List<String> bad : List.of(List.of("x"), List.of("-1"), List.of("1e3"), List.of(" 5"), List.of("99999999999"),
        List.of("1", "2"))) {
      assertThatThrownBy(() -> FhirPaging.page(bad, List.of())).as(bad.toString()).isInstanceOfSatisfying(FhirProblem.class,
          p -> assertThat(p.getMessage()).startsWith("_count"));
      assertThatThrownBy(() -> FhirPaging.page(List.of(), bad)).as(bad.toString()).isInstanceOfSatisfying(FhirProblem.class,
          p -> assertThat(p.getMessage()).startsWith("_offset"));
    }
  }

  @Test
  void aPageSlicesWithoutOverrunning() {
    List<Integer> all = List.of(0, 1, 2, 3, 4);
    assertThat(new FhirPage(0, 2).slice(all)).containsExactly(0, 1);
    assertThat(new FhirPage(4, 2).slice(all)).containsExactly(4);
    assertThat(new FhirPage(5, 2).slice(all)).isEmpty();
    assertThat(new FhirPage(3, Integer.MAX_VALUE).slice(all)).containsExactly(3, 4);
    assertThat(new FhirPage(Integer.MAX_VALUE, 2).slice(all)).isEmpty();
  }

  static FhirMatches.Entry note(int i) {
    return new FhirMatches.Entry("Observation", "n" + i, ("{\"resourceType\":\"Observation\",\"id\":\"n" + i
        + "\",\"status\":\"final\",\"code\":{\"text\":\"Glucose\"},\"valueQuantity\":{\"value\":5.40,\"unit\":\"mmol/L\"}}")
        .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSearchsetCarriesTotalLinksAndTheResourcesAsGiven() throws Exception {
    List<FhirMatches.Entry> all = List.of(note(0), note(1), note(2), note(3), note(4));
    Map<String, List<String>> given = new LinkedHashMap<>();
    given.put("subject", List.of("Patient/ab cd&x"));
    FhirPage middle = new FhirPage(2, 2);
    String bundle = new String(FhirSearchsets.write(BASE, "Observation", given, middle, FhirMatches.page(all, middle)),
        StandardCharsets.UTF_8);
    FhirConformance.assertValid(bundle);
    assertThat(bundle).as("the decimal's digits, as given").contains("\"value\":5.40");
    JsonNode b = JSON.readTree(bundle);
    assertThat(b.path("total").asInt()).isEqualTo(5);
    Map<String, String> links = new TreeMap<>();
    b.path("link").forEach(l -> links.put(l.path("relation").asText(), l.path("url").asText()));
    assertThat(links).containsExactly(
        Map.entry("next", BASE + "/Observation?subject=Patient%2Fab+cd%26x&_count=2&_offset=4"),
        Map.entry("previous", BASE + "/Observation?subject=Patient%2Fab+cd%26x&_count=2&_offset=0"),
        Map.entry("self", BASE + "/Observation?subject=Patient%2Fab+cd%26x&_count=2&_offset=2"));
    assertThat(b.path("entry")).hasSize(2);
    assertThat(b.path("entry").path(0).path("fullUrl").asText()).isEqualTo(BASE + "/Observation/n2");

    FhirPage last = new FhirPage(4, 2);
    JsonNode end = JSON.readTree(FhirSearchsets.write(BASE, "Observation", Map.of(), last, FhirMatches.page(all, last)));
    assertThat(end.path("link")).extracting(l -> l.path("relation").asText()).containsExactly("self", "previous");
    JsonNode none = JSON.readTree(FhirSearchsets.write(BASE, "Observation", Map.of(), new FhirPage(0, 100),
        FhirMatches.page(List.of(), new FhirPage(0, 100))));
    assertThat(none.has("entry")).as("FHIR has no empty arrays").isFalse();
    assertThat(none.path("total").asInt()).isZero();
    FhirConformance.assertValid(none.toString());
  }

  @Test
  void theCapabilityStatementListsExactlyTheRegisteredTypes() {
    FhirDispatcher fhir = new FhirDispatcher(() -> "https://hospital-a.example:8443",
        Clock.fixed(Instant.parse("2026-12-06T01:00:00Z"), ZoneOffset.UTC));
    fhir.add("Basic", new Notes());
    fhir.add("Binary", new FhirResourceProvider() {
      @Override
      public Set<FhirInteraction> interactions() {
        return Set.of(FhirInteraction.READ, FhirInteraction.CREATE);
      }
    });
    TreeMap<String, FhirResourceProvider> providers = new TreeMap<>();
    providers.put("Basic", new Notes());
    providers.put("Binary", () -> Set.of(FhirInteraction.READ, FhirInteraction.CREATE));
    providers.put("Goal", () -> Set.of(FhirInteraction.HISTORY_INSTANCE, FhirInteraction.VREAD, FhirInteraction.READ));
    JsonNode s = FhirCapabilities.statement(JSON, providers, BASE, Instant.parse("2026-12-06T01:00:00.123Z"));
    FhirConformance.assertValid(s.toString());
    assertThat(s.path("date").asText()).isEqualTo("2026-12-06T01:00:00Z");
    assertThat(s.path("implementation").path("url").asText()).isEqualTo(BASE);
    JsonNode resources = s.path("rest").path(0).path("resource");
    assertThat(resources).extracting(r -> r.path("type").asText()).containsExactly("Basic", "Binary", "Goal");
    assertThat(resources.path(0).path("interaction")).extracting(i -> i.path("code").asText()).containsExactly("read", "search-type");
    assertThat(resources.path(0).path("searchParam")).extracting(p -> p.path("name").asText()).containsExactly("subject", "date");
    assertThat(resources.path(1).path("interaction")).extracting(i -> i.path("code").asText()).containsExactly("read", "create");
    assertThat(resources.path(1).has("searchParam")).isFalse();
    assertThat(resources.path(2).path("interaction")).extracting(i -> i.path("code").asText())
        .as("a versioned type, in FHIR's order whatever the set's").containsExactly("read", "vread", "history-instance");
    assertThat(fhir.types()).containsExactly("Basic", "Binary");
  }

  @Test
  void aFallbackServesOnlyTheTypesNoApplicationAddsWhateverTheOrder() {
    FhirDispatcher fhir = new FhirDispatcher(() -> "https://a.example", Clock.systemUTC());
    FhirResourceProvider stored = () -> Set.of(FhirInteraction.READ, FhirInteraction.CREATE);
    Notes own = new Notes();
    fhir.addFallback("Basic", stored);
    fhir.addFallback("Binary", stored);
    fhir.add("Basic", own);
    assertThatThrownBy(() -> fhir.addFallback("Binary", stored)).hasMessageContaining("already has a fallback");
    fhir.registerRoutes(new RouteTable());
    assertThat(fhir.types()).containsExactly("Basic", "Binary");
    assertThat(fhir.provider("Basic", FhirInteraction.SEARCH_TYPE)).isSameAs(own);
    assertThat(fhir.provider("Binary", FhirInteraction.READ)).isSameAs(stored);
    assertThatThrownBy(() -> fhir.provider("Binary", FhirInteraction.VREAD)).as("a stored record has no versions to read")
        .isInstanceOf(FhirProblem.class).hasMessageContaining("no vread interaction").hasMessageContaining("it has: read, create");
    assertThatThrownBy(() -> fhir.addFallback("Observation", stored)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTypeIsRegisteredOnceWithSomethingToOfferAndBeforeTheApiStarts() {
    FhirDispatcher fhir = new FhirDispatcher(() -> "https://a.example", Clock.systemUTC());
    fhir.add("Basic", new Notes());
    assertThatThrownBy(() -> fhir.add("Basic", new Notes())).hasMessageContaining("already served");
    assertThatThrownBy(() -> fhir.add("basic", new Notes())).hasMessageContaining("not a FHIR resource type");
    assertThatThrownBy(() -> fhir.add("Nothing", Set::of)).hasMessageContaining("offers no interaction");
    assertThatThrownBy(() -> fhir.add("Observation", new Notes() {
      @Override
      public Set<FhirInteraction> interactions() {
        return Set.of(FhirInteraction.READ);
      }
    })).hasMessageContaining("search parameters but no search");
    assertThatThrownBy(() -> new FhirSearchParameter("_count", "number", "the page")).hasMessageContaining("lower case");
    assertThatThrownBy(() -> new FhirSearchParameter("when", "datetime", "x")).hasMessageContaining("not a FHIR search parameter type");
    assertThatThrownBy(() -> new FhirAnswer.Created("a/b", new byte[0])).hasMessageContaining("FHIR id");
    assertThatThrownBy(() -> new FhirAnswer.Binary("pdf", new byte[0])).hasMessageContaining("type/subtype");
    assertThatThrownBy(() -> new FhirMatches(1, List.of(note(0), note(1)))).hasMessageContaining("below");
    fhir.registerRoutes(new RouteTable());
    assertThatThrownBy(() -> fhir.add("Binary", Set::of)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the API starts");
  }
}
