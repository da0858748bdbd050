package org.medledger.apps.drugs.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.medledger.apps.drugs.contract.DrugsContract;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;
import org.medledger.node.admission.Admission;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ApplicationServices;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.application.RecordingRoutes;
import org.medledger.node.application.BenchmarkCommand;
import org.medledger.node.application.FhirResources;
import org.medledger.node.application.NodeIdentity;
import org.medledger.node.auth.TokenService;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;
import org.medledger.node.vault.VaultService;
import picocli.CommandLine.Command;

/**
 * What the drugs application plugs into the node: it is found on the class path, and its routes,
 * who may call each, the bodies they take, the receipts anyone may fetch and their OpenAPI paths
 * are exactly these. A route turning public, or one left out of the OpenAPI fragment, fails here.
 */
class DrugsApplicationTest {
  /** Method, path and access of every drug route: the consumer's checks alone are public. */
  static final List<String> ROUTES = List.of(
      "GET /00/{sscc} AUTHENTICATED",
      "GET /01/{gtin}/10/{lot}/21/{serial} PUBLIC",
      "GET /01/{gtin}/21/{serial} PUBLIC",
      "GET /epcis/capture/{captureID} AUTHENTICATED",
      "GET /epcis/events AUTHENTICATED",
      "GET /v1/drugs/labels/00/{sscc} AUTHENTICATED",
      "GET /v1/drugs/labels/01/{gtin}/21/{serial} AUTHENTICATED",
      "GET /v1/drugs/prefixes/{prefix} AUTHENTICATED",
      "GET /v1/drugs/recalls/{gtin}/{lot} AUTHENTICATED",
      "GET /v1/drugs/verify PUBLIC",
      "POST /epcis/capture AUTHENTICATED");

  @Test
  void isFoundOnTheClassPathUnderTheContractsName() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(Application.class).forEach(a -> names.add(a.name()));
    assertThat(names).contains(DrugsContract.NAME);
    assertThat(new DrugsApplication().name()).isEqualTo("drugs");
    assertThat(new DrugsApplication().version()).isEqualTo(1);
  }

  @Test
  void registersExactlyItsRoutesWithTheirAccessBodyLimitAndPublicReceipts() throws Exception {
    RecordingRoutes routes = new RecordingRoutes();
    DrugsApplication drugs = new DrugsApplication();
    RoutesOnly context = new RoutesOnly(routes);
    drugs.register(context);
    try {
      assertThat(new ArrayList<>(routes.routes.keySet())).containsExactlyElementsOf(ROUTES);
      // The public check (a phone opens it from a scanned code); the pharmacy's and the regulator's
      // pages, members only, their forms behind the portal's session and CSRF check.
      assertThat(context.pages()).containsExactly("page /ui/drugs/check PUBLIC", "nav Check a medicine /ui/drugs/check PUBLIC",
          "page /ui/drugs/pharmacy MEMBER", "form /ui/drugs/pharmacy/receive MEMBER", "form /ui/drugs/pharmacy/dispense MEMBER",
          "nav Pharmacy /ui/drugs/pharmacy MEMBER for admin,pharmacy", "page /ui/drugs/recalls MEMBER", "nav Recalls /ui/drugs/recalls MEMBER for regulator");
      assertThat(routes.bodyLimits).containsExactly(Map.entry("POST /epcis/capture", BodyLimit.BULK));
      assertThat(routes.publicStateReceipts).containsExactly("drugs/pack/");
      assertThat(routes.openApi).containsExactly("openapi/drugs.json");
    } finally {
      drugs.stop();
    }
  }

  @Test
  void everyRouteIsInItsOpenApiFragmentAndOnlyTheConsumersChecksNeedNoToken() throws Exception {
    RecordingRoutes routes = new RecordingRoutes();
    DrugsApplication drugs = new DrugsApplication();
    drugs.register(new RoutesOnly(routes));
    drugs.stop();
    JsonNode paths;
    try (InputStream in = DrugsApplication.class.getResourceAsStream("/" + routes.openApi.get(0))) {
      paths = new ObjectMapper().readTree(in).get("paths");
    }
    List<String> described = new ArrayList<>();
    paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
      // An operation with "security": [] is documented as needing no token.
      boolean open = p.getValue().get(m).has("security") && p.getValue().get(m).get("security").isEmpty();
      described.add(m.toUpperCase() + " " + p.getKey() + (open ? " PUBLIC" : " AUTHENTICATED"));
    }));
    assertThat(described).containsExactlyInAnyOrderElementsOf(ROUTES);
  }

  @Test
  void contributesTheEpcisCommandAndABenchmarkAndItsDemoChapter() {
    DrugsApplication drugs = new DrugsApplication();
    List<String> top = new ArrayList<>();
    List<String> bench = new ArrayList<>();
    for (Object c : drugs.commands()) {
      (c instanceof BenchmarkCommand ? bench : top).add(c.getClass().getAnnotation(Command.class).name());
    }
    assertThat(top).containsExactly("epcis");
    assertThat(bench).containsExactly("drugs");
    assertThat(drugs.demoChapters()).hasSize(1);
    assertThat(drugs.newNetworkSecrets()).containsOnlyKeys(ScanCounter.NETWORK_KEY_FILE);
    assertThat(drugs.newNetworkSecrets().get(ScanCounter.NETWORK_KEY_FILE)).hasSize(32)
        .isNotEqualTo(drugs.newNetworkSecrets().get(ScanCounter.NETWORK_KEY_FILE));
  }

  /** A context whose only working part is its routes: registering builds services but starts no request. */
  record RoutesOnly(ApiRoutes routes, List<String> pages) implements ApplicationContext {
    RoutesOnly(ApiRoutes routes) {
      this(routes, new java.util.ArrayList<>());
    }

    /** Records each page and navigation entry the application adds, as "page PATH ACCESS" / "nav LABEL PATH ACCESS". */
    @Override
    public org.medledger.node.application.PortalPages ui() {
      return new org.medledger.node.application.PortalPages() {
        @Override
        public void page(String path, Access access, org.medledger.node.application.PortalPageHandler handler) {
          pages.add("page " + path + " " + access);
        }

        @Override
        public void form(String path, Access access, org.medledger.node.application.PortalFormHandler handler) {
          pages.add("form " + path + " " + access);
        }

        @Override
        public void download(String path, Access access, org.medledger.node.application.PortalDownloadHandler handler) {
          pages.add("download " + path + " " + access);
        }

        @Override
        public void nav(String label, String path, Access access) {
          pages.add("nav " + label + " " + path + " " + access);
        }

        @Override
        public void navFor(String label, String path, java.util.Set<String> roles) {
          pages.add("nav " + label + " " + path + " MEMBER for " + String.join(",", new java.util.TreeSet<>(roles)));
        }
      };
    }

    @Override
    public Genesis genesis() {
      return null;
    }

    @Override
    public Membership membership() {
      return null;
    }

    @Override
    public Ledger ledger() {
      return null;
    }

    @Override
    public Admission admission() {
      return null;
    }

    @Override
    public CommitWaiters commits() {
      return null;
    }

    @Override
    public NodeTransactions transactions() {
      return null;
    }

    @Override
    public NodeIdentity identity() {
      return new NodeIdentity(null, "hospital-a", "hospital-a-node", null);
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public Path dataDir() {
      return null;
    }

    @Override
    public VaultService vault() {
      return null;
    }

    @Override
    public TokenService tokens() {
      return null;
    }

    @Override
    public Supplier<String> publicApiBase() {
      return () -> "https://127.0.0.1:8080";
    }

    @Override
    public FhirResources fhir() {
      return null;
    }

    @Override
    public void healthEntry(String name, Supplier<Object> value) {}

    @Override
    public void onCommit(CommitListener listener) {}

    @Override
    public ApplicationServices services() {
      return null;
    }
  }
}
