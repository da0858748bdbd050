package org.medledger.node.application;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node's {@link ApplicationServices}: one provider per platform interface, provided while the
 * applications register and read from then on.
 */
final class SharedServices implements ApplicationServices {
  private final Map<Class<?>, Object> provided = new LinkedHashMap<>();
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
    if (provided.putIfAbsent(type, service) != null) {
      throw new IllegalStateException(type.getName() + " is already provided by another application");
    }
  }

  @Override
  public synchronized <T> Optional<T> find(Class<T> type) {
    return Optional.ofNullable(type.cast(provided.get(type)));
  }

  synchronized void close() {
    open = false;
  }
}
