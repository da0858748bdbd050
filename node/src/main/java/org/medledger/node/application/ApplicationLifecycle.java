package org.medledger.node.application;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a chain's applications through their phases in the one order the node allows (Besu's
 * plugin context does the same): prepare each, then register each in name order, then start each,
 * then stop each in reverse. A call out of order throws, so a half-built node never serves.
 */
public final class ApplicationLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationLifecycle.class);

  /** Where the lifecycle stands; each call moves it one step. */
  public enum Phase { LOADED, PREPARED, REGISTERED, STARTED, STOPPED }

  private final List<Application> applications;
  private final Path appsDir;
  private final SharedServices services = new SharedServices();
  private final List<Application> registering = new ArrayList<>();
  private Phase phase = Phase.LOADED;

  /** {@code applications} in name order, as {@link Applications#forChain} gives them. */
  public ApplicationLifecycle(List<Application> applications, Path dataDir) {
    this.applications = List.copyOf(applications);
    this.appsDir = dataDir.resolve("apps");
  }

  public synchronized Phase phase() {
    return phase;
  }

  public List<Application> applications() {
    return applications;
  }

  /** {@code <data>/apps/<name>}: the application's own folder. */
  public Path dataDirOf(Application a) {
    return appsDir.resolve(a.name());
  }

  public ApplicationServices services() {
    return services;
  }

  /** Before the ledger opens: each application checks it can start (its secrets, its folder). */
  public synchronized void prepare(Function<Application, PreparationContext> contextOf) throws IOException {
    expect(Phase.LOADED, "prepare");
    for (Application a : applications) {
      Files.createDirectories(dataDirOf(a));
      a.prepare(contextOf.apply(a));
    }
    phase = Phase.PREPARED;
  }

  /** Once the ledger and the node's services exist: each application registers, in name order. */
  public synchronized void register(Function<Application, ApplicationContext> contextOf) throws IOException {
    expect(Phase.PREPARED, "register");
    for (Application a : applications) {
      registering.add(a); // from here on it may hold something stop must release
      a.register(contextOf.apply(a));
    }
    services.close();
    phase = Phase.REGISTERED;
  }

  /** Every application is registered: background work may start. */
  public synchronized void start() {
    expect(Phase.REGISTERED, "start");
    for (Application a : applications) {
      a.start();
    }
    phase = Phase.STARTED;
  }

  /**
   * Stops, in reverse order, every application whose registration began (a node that fails
   * half-way releases what they acquired); once only. An application that fails to stop is logged
   * and the others still stop.
   */
  public synchronized void stop() {
    if (phase == Phase.STOPPED) {
      return;
    }
    List<Application> toStop = new ArrayList<>(registering);
    phase = Phase.STOPPED;
    for (int i = toStop.size() - 1; i >= 0; i--) {
      try {
        toStop.get(i).stop();
      } catch (RuntimeException e) {
        LOG.warn("application {} did not stop cleanly: {}", toStop.get(i).name(), e.toString());
      }
    }
  }

  private void expect(Phase wanted, String call) {
    if (phase != wanted) {
      throw new IllegalStateException("applications cannot " + call + " now: they are " + phase.name().toLowerCase()
          + ", and " + call + " follows " + wanted.name().toLowerCase());
    }
  }
}
