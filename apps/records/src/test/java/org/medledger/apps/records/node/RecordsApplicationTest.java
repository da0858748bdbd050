package org.medledger.apps.records.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.genesis.Genesis;
import org.medledger.core.membership.Membership;
import org.medledger.core.runtime.Contract;
import org.medledger.node.MedLedgerNode;
import org.medledger.node.NodeKeys;
import org.medledger.node.NodeSecrets;
import org.medledger.node.TestNetwork;
import org.medledger.node.admission.Admission;
import org.medledger.node.application.ApiRoutes;
import org.medledger.node.application.Application;
import org.medledger.node.application.ApplicationContext;
import org.medledger.node.application.ApplicationServices;
import org.medledger.node.application.BodyLimit;
import org.medledger.node.application.RecordingRoutes;
import org.medledger.node.application.ChainEnvironment;
import org.medledger.node.application.FhirInteraction;
import org.medledger.node.application.FhirResourceProvider;
import org.medledger.node.application.FhirResources;
import org.medledger.node.application.MetadataRule;
import org.medledger.node.application.NodeIdentity;
import org.medledger.node.application.PreparationContext;
import org.medledger.node.auth.TokenService;
import org.medledger.node.ledger.Ledger;
import org.medledger.node.ordering.CommitListener;
import org.medledger.node.ordering.CommitWaiters;
import org.medledger.node.ordering.NodeTransactions;
import org.medledger.node.vault.VaultService;
import picocli.CommandLine.Command;

/**
 * What the health-records application plugs into a running node: it is found on the class path,
 * runs the four health contracts, reads (never makes) its secrets before the ledger opens, and
 * registers exactly these routes with these accesses, each described in its OpenAPI fragment. A
 * route turning public, or one left undescribed, fails here.
 */
class RecordsApplicationTest {
  /** Method, path and access of every records route: a download link alone carries its own credential. */
  static final List<String> ROUTES = List.of(
      "GET /v1/download/{token} PUBLIC",
      "GET /v1/patients/{id} AUTHENTICATED",
      "GET /v1/records/{hash} AUTHENTICATED",
      "GET /v1/records/{hash}/content AUTHENTICATED",
      "POST /v1/patients AUTHENTICATED",
      "POST /v1/patients/{id}/care AUTHENTICATED",
      "POST /v1/patients/{id}/consents AUTHENTICATED",
      "POST /v1/patients/{id}/consents/{consent}/revoke AUTHENTICATED",
      "POST /v1/patients/{id}/erase AUTHENTICATED",
      "POST /v1/patients/{id}/erasures/{request}/approve AUTHENTICATED",
      "POST /v1/patients/{id}/step-up-codes AUTHENTICATED",
      "POST /v1/records AUTHENTICATED",
      "POST /v1/records/{hash}/download-link AUTHENTICATED");

  @TempDir
  Path dir;
  private TestNetwork net;
  private MedLedgerNode node;
  private RecordsApplication records;

  @BeforeEach
  void startNode() throws Exception {
    net = new TestNetwork(dir, "intl");
    node = MedLedgerNode.start(net.config);
    records = new RecordsApplication();
  }

  @AfterEach
  void stopNode() {
    records.stop();
    node.close();
  }

  @Test
  void isFoundOnTheClassPathAndRunsTheFourHealthContracts() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(Application.class).forEach(a -> names.add(a.name()));
    assertThat(names).contains("records");
    assertThat(records.version()).isEqualTo(1);
    assertThat(records.contracts(new ChainEnvironment(net.genesis)).stream().map(Contract::name))
        .containsExactly("patients", "consent", "records", "audit");
  }

  @Test
  void registersExactlyItsRoutesWithTheirAccessBodyLimitsAndServices() throws Exception {
    RecordingRoutes routes = new RecordingRoutes();
    Services services = new Services();
    records.prepare(preparation(null));
    NodeContext context = new NodeContext(routes, services);
    records.register(context);

    assertThat(new ArrayList<>(routes.routes.keySet())).containsExactlyElementsOf(ROUTES);
    // FHIR through the platform's façade: the ledger's own types read and searched, never created
    // here; every other type a record in the vault, created and read, never searched (content).
    assertThat(context.fhirTypes).containsKeys("Consent", "AuditEvent", "DocumentReference", "Provenance", "Observation",
        "Binary", "DiagnosticReport");
    assertThat(context.fhirTypes.get("AuditEvent").interactions()).containsExactly(FhirInteraction.SEARCH_TYPE);
    for (String type : List.of("Consent", "DocumentReference", "Provenance")) {
      assertThat(context.fhirTypes.get(type).interactions()).as(type)
          .containsExactlyInAnyOrder(FhirInteraction.READ, FhirInteraction.SEARCH_TYPE);
      assertThat(context.fhirTypes.get(type).searchParameters()).extracting(p -> p.name()).containsExactly("patient");
    }
    assertThat(context.fhirTypes.get("AuditEvent").searchParameters()).extracting(p -> p.name()).containsExactly("patient", "date");
    assertThat(context.fhirTypes.get("Observation").interactions())
        .containsExactlyInAnyOrder(FhirInteraction.READ, FhirInteraction.VREAD, FhirInteraction.CREATE);
    assertThat(routes.bodyLimits).containsExactly(Map.entry("POST /v1/records", BodyLimit.DOCUMENT));
    assertThat(routes.publicStateReceipts).isEmpty();
    assertThat(routes.openApi).containsExactly("openapi/records.json");
    assertThat(services.find(MetadataRule.class)).containsInstanceOf(MetadataVisibility.class);
    // Care asks the same patient rule for its own metadata.
    assertThat(services.find(org.medledger.node.application.PatientMetadataVisibility.class)).isPresent();
    // The patient's portal pages, forms and downloads, all a signed-in member's, under /ui/records/ only.
    assertThat(context.portal).contains("page /ui/records/mine MEMBER", "page /ui/records/consents MEMBER",
        "form /ui/records/consents/grant MEMBER", "form /ui/records/consents/revoke MEMBER", "page /ui/records/access MEMBER",
        "download /ui/records/access.csv MEMBER", "download /ui/records/receipt MEMBER", "nav Who read my data /ui/records/access MEMBER for patient");
    // The regulator's access audit across institutions.
    assertThat(context.portal).contains("page /ui/records/audit MEMBER", "download /ui/records/audit.csv MEMBER",
        "nav Access audit /ui/records/audit MEMBER for regulator");
    // The clinician's: find a patient, read a record (signed in her browser), break the glass.
    assertThat(context.portal).contains("page /ui/records/patient MEMBER", "page /ui/records/read MEMBER",
        "form /ui/records/read MEMBER", "form /ui/records/read/break-glass MEMBER", "nav Find a patient /ui/records/patient MEMBER for clinician");
    assertThat(context.portal).allSatisfy(e -> assertThat(e).contains(" /ui/records/").containsPattern(" MEMBER( for [a-z,]+)?$"));
    // Each link is offered only to the role its page serves: a patient never sees the regulator's audit.
    assertThat(context.portal).filteredOn(e -> e.startsWith("nav ")).allSatisfy(e -> assertThat(e).contains(" MEMBER for "));
  }

  @Test
  void everyRouteIsInItsOpenApiFragmentWithTheSameAccess() throws Exception {
    RecordingRoutes routes = new RecordingRoutes();
    records.prepare(preparation(null));
    records.register(new NodeContext(routes, new Services()));
    JsonNode paths;
    try (InputStream in = RecordsApplication.class.getClassLoader().getResourceAsStream(routes.openApi.get(0))) {
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
  void refusesToPrepareWithoutTheWalletKeyNamingItAndMakesNone() throws Exception {
    Path walletKey = net.config.dataDir().resolve("secrets").resolve(NodeSecrets.WALLET);
    Files.delete(walletKey);
    assertThatThrownBy(() -> records.prepare(preparation(null))).hasMessageContaining("wallet.key is missing");
    assertThat(walletKey).doesNotExist();
  }

  @Test
  void movesAnEarlierReleasesWalletBeforeReadingIt() throws Exception {
    Path legacy = net.config.dataDir().resolve("wallet");
    Files.createDirectories(legacy);
    Files.write(legacy.resolve("sealed.key"), new byte[] {1});
    records.prepare(preparation(null));
    assertThat(legacy).doesNotExist();
    assertThat(net.config.dataDir().resolve("apps/records/wallet/sealed.key")).exists();
  }

  @Test
  void contributesThePatientCommandItsBenchmarksAndTheHealthChapter() {
    List<String> top = new ArrayList<>();
    List<String> bench = new ArrayList<>();
    for (Object c : records.commands()) {
      (c instanceof org.medledger.node.application.BenchmarkCommand ? bench : top).add(c.getClass().getAnnotation(Command.class).name());
    }
    assertThat(top).containsExactly("patient");
    assertThat(bench).as("mounted under medledger bench").containsExactly("audit", "vault");
    assertThat(records.demoChapters()).extracting(c -> c.title()).containsExactly("health records");
  }

  private PreparationContext preparation(char[] passphrase) throws Exception {
    NodeSecrets secrets = new NodeSecrets(net.config.dataDir());
    Path appDir = Files.createDirectories(net.config.dataDir().resolve("apps").resolve("records"));
    Genesis genesis = net.genesis;
    return new PreparationContext() {
      @Override
      public Genesis genesis() {
        return genesis;
      }

      @Override
      public NodeSecrets secrets() {
        return secrets;
      }

      @Override
      public Path dataDir() {
        return appDir;
      }

      @Override
      public char[] operatorPassphrase() {
        return passphrase;
      }
    };
  }

  static final class Services implements ApplicationServices {
    private final Map<Class<?>, Object> provided = new LinkedHashMap<>();

    @Override
    public <T> void provide(Class<T> type, T service) {
      assertThat(provided.put(type, service)).as(type + " provided twice").isNull();
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
      return Optional.ofNullable(type.cast(provided.get(type)));
    }
  }

  /** The running test node's own services, as the node hands them to an application. */
  final class NodeContext implements ApplicationContext {
    private final ApiRoutes routes;
    private final ApplicationServices services;
    /** The FHIR types registered, each with its provider: the façade's routes are the platform's. */
    final Map<String, FhirResourceProvider> fhirTypes = new java.util.TreeMap<>();
    private final NodeKeys keys;

    NodeContext(ApiRoutes routes, ApplicationServices services) throws Exception {
      this.routes = routes;
      this.services = services;
      this.keys = NodeKeys.load(net.suite, net.config.certificate(), net.config.privateKey());
    }

    @Override
    public Genesis genesis() {
      return node.genesis();
    }

    @Override
    public Membership membership() {
      return node.membership();
    }

    @Override
    public Ledger ledger() {
      return node.ledger();
    }

    @Override
    public Admission admission() {
      return node.admission();
    }

    @Override
    public CommitWaiters commits() {
      return node.commitWaiters();
    }

    @Override
    public NodeTransactions transactions() {
      return new NodeTransactions(node.ledger(), node.admission(), node.commitWaiters(), keys.signer(), keys.certificateId(),
          Clock.systemUTC());
    }

    @Override
    public NodeIdentity identity() {
      return new NodeIdentity(keys.certificateId(), "hospital-a", "hospital-a-node", keys.signer());
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public Path dataDir() {
      return net.config.dataDir().resolve("apps").resolve("records");
    }

    @Override
    public VaultService vault() {
      return node.vault();
    }

    @Override
    public TokenService tokens() {
      return node.tokens();
    }

    @Override
    public Supplier<String> publicApiBase() {
      return () -> "http://127.0.0.1:" + node.apiPort();
    }

    @Override
    public ApiRoutes routes() {
      return routes;
    }

    @Override
    public FhirResources fhir() {
      return new FhirResources() {
        @Override
        public void add(String resourceType, FhirResourceProvider provider) {
          fhirTypes.put(resourceType, provider);
        }

        @Override
        public void addFallback(String resourceType, FhirResourceProvider provider) {
          fhirTypes.put(resourceType, provider);
        }
      };
    }

    /** What the application adds to the portal, as "page PATH ACCESS", "form …", "download …", "nav LABEL PATH ACCESS". */
    final java.util.List<String> portal = new java.util.ArrayList<>();

    @Override
    public org.medledger.node.application.PortalPages ui() {
      return new org.medledger.node.application.PortalPages() {
        @Override
        public void page(String path, Access access, org.medledger.node.application.PortalPageHandler handler) {
          portal.add("page " + path + " " + access);
        }

        @Override
        public void form(String path, Access access, org.medledger.node.application.PortalFormHandler handler) {
          portal.add("form " + path + " " + access);
        }

        @Override
        public void download(String path, Access access, org.medledger.node.application.PortalDownloadHandler handler) {
          portal.add("download " + path + " " + access);
        }

        @Override
        public void nav(String label, String path, Access access) {
          portal.add("nav " + label + " " + path + " " + access);
        }

        @Override
        public void navFor(String label, String path, java.util.Set<String> roles) {
          portal.add("nav " + label + " " + path + " MEMBER for " + String.join(",", new java.util.TreeSet<>(roles)));
        }
      };
    }

    @Override
    public void healthEntry(String name, Supplier<Object> value) {}

    @Override
    public void onCommit(CommitListener listener) {}

    @Override
    public ApplicationServices services() {
      return services;
    }
  }
}
