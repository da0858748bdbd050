package org.medledger.node.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medledger.core.runtime.Contract;

/** The node drives applications through prepare, register (name order), start, stop (reverse), and refuses any other order. */
class ApplicationLifecycleTest {
  @TempDir Path dir;
  final List<String> calls = new ArrayList<>();

  /** Records what the lifecycle asks of it; a real application's phases, with nothing else. */
  final class Recording implements Application {
    private final String name;
    private final boolean failsToRegister;

    Recording(String name, boolean failsToRegister) {
      this.name = name;
      this.failsToRegister = failsToRegister;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int version() {
      return 1;
    }

    @Override
    public List<Contract> contracts(ChainEnvironment chain) {
      return List.of();
    }

    @Override
    public void prepare(PreparationContext context) {
      calls.add("prepare " + name + " " + Files.isDirectory(context.dataDir()));
    }

    @Override
    public void register(ApplicationContext context) {
      calls.add("register " + name);
      if (failsToRegister) {
        throw new IllegalStateException(name + " cannot register");
      }
    }

    @Override
    public void start() {
      calls.add("start " + name);
    }

    @Override
    public void stop() {
      calls.add("stop " + name);
    }
  }

  ApplicationLifecycle lifecycle(Application... applications) {
    return new ApplicationLifecycle(List.of(applications), dir);
  }

  void prepare(ApplicationLifecycle l) throws Exception {
    l.prepare(a -> new NodePreparationContext(null, null, l.dataDirOf(a), null));
  }

  @Test
  void phasesRunInOrderAndStopInReverse() throws Exception {
    ApplicationLifecycle l = lifecycle(new Recording("alpha", false), new Recording("beta", false));
    prepare(l);
    l.register(a -> null);
    l.start();
    l.stop();
    l.stop(); // once only
    assertThat(calls).containsExactly("prepare alpha true", "prepare beta true", "register alpha", "register beta",
        "start alpha", "start beta", "stop beta", "stop alpha");
    assertThat(dir.resolve("apps/alpha")).isDirectory();
    assertThat(l.phase()).isEqualTo(ApplicationLifecycle.Phase.STOPPED);
  }

  @Test
  void aCallOutOfOrderIsRefused() throws Exception {
    ApplicationLifecycle l = lifecycle(new Recording("alpha", false));
    assertThatThrownBy(l::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot start now: they are loaded, and start follows registered");
    assertThatThrownBy(() -> l.register(a -> null)).hasMessageContaining("register follows prepared");
    prepare(l);
    assertThatThrownBy(() -> prepare(l)).hasMessageContaining("cannot prepare now: they are prepared");
    assertThat(calls).containsExactly("prepare alpha true");
  }

  @Test
  void aFailedRegistrationStopsThoseThatBegan() throws Exception {
    ApplicationLifecycle l = lifecycle(new Recording("alpha", false), new Recording("beta", true), new Recording("gamma", false));
    prepare(l);
    assertThatThrownBy(() -> l.register(a -> null)).hasMessageContaining("beta cannot register");
    l.stop();
    assertThat(calls).containsExactly("prepare alpha true", "prepare beta true", "prepare gamma true", "register alpha",
        "register beta", "stop beta", "stop alpha");
    assertThatThrownBy(l::start).hasMessageContaining("they are stopped");
  }
}
