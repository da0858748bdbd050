package org.medledger.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.medledger.node.application.ConsortiumWriter;

/** {@code network init}'s writer, for the applications' benchmarks ({@code medledger bench <application>}). */
public final class NetworkInitConsortiumWriter implements ConsortiumWriter {
  @Override
  public void write(Path dir, String suite, String chainId, List<String> organisations, List<String> validatorOrganisations,
      List<User> users, int firstApiPort, int firstP2pPort) throws IOException {
    List<NetworkInitializer.User> issued = users.stream()
        .map(u -> new NetworkInitializer.User(u.organisation(), u.name(), u.role())).toList();
    new NetworkInitializer(suite, chainId, organisations, validatorOrganisations, issued, firstApiPort, firstP2pPort, List.of(),
        Clock.systemUTC()).write(dir);
  }
}
