package org.medledger.node.application;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's {@link ApplicationServices}: one provider per platform interface, provided while the
 * applications register and read from then on. {@link MetadataRule} alone takes one per
 * application: each rule answers for its own contracts' data, so they combine (all must agree).
 */
final class SharedServices implements ApplicationServices {
  private final Map<Class<?>, Object> provided = new LinkedHashMap<>();
  private final List<MetadataRule> metadataRules = new ArrayList<>();
  private boolean open = true;

  @Override
  public synchronized <T> void provide(Class<T> type, T service) {
    if (!open) {
      throw new IllegalStateException("services are provided while applications register, not after");
    }
    if (!type.isInterface() || !type.getName().startsWith("org.medledger.node.")) {
      throw new IllegalArgumentException("a service is provided under an interface of the platform (org.medledger.node),"
          + " so no application imports another's classes; got " + type.getName());
    }
    if (!type.isInstance(service)) {
      throw new IllegalArgumentException(service.getClass().getName() + " is not a " + type.getName());
    }
    if (type == MetadataRule.class) {
      metadataRules.add(MetadataRule.class.cast(service));
      return;
    }
    if (provided.putIfAbsent(type, service) != null) {
      throw new IllegalStateException(type.getName() + " is already provided by another application");
    }
  }

  @Override
  public synchronized <T> Optional<T> find(Class<T> type) {
    if (type == MetadataRule.class) {
      if (metadataRules.size() > 1) {
        throw new IllegalStateException(metadataRules.size() + " applications provide a MetadataRule: read them all with"
            + " metadataRules()");
      }
      return metadataRules.stream().findFirst().map(type::cast);
    }
    return Optional.ofNullable(type.cast(provided.get(type)));
  }

  @Override
  public synchronized List<MetadataRule> metadataRules() {
    return List.copyOf(metadataRules);
  }

  synchronized void close() {
    open = false;
  }
}
