package org.medledger.node.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC, one map per thread and not inherited: a pool thread that a request happens to create
 * must not carry that request's id on every line it logs afterwards (SLF4J's BasicMDCAdapter
 * inherits).
 */
final class ThreadMdc implements MDCAdapter {
  private final ThreadLocal<Map<String, String>> values = ThreadLocal.withInitial(HashMap::new);
  private final ThreadLocal<Map<String, Deque<String>>> stacks = ThreadLocal.withInitial(HashMap::new);

  @Override
  public void put(String key, String val) {
    values.get().put(key, val);
  }

  @Override
  public String get(String key) {
    return values.get().get(key);
  }

  @Override
  public void remove(String key) {
    values.get().remove(key);
  }

  @Override
  public void clear() {
    values.remove();
  }

  @Override
  public Map<String, String> getCopyOfContextMap() {
    return new HashMap<>(values.get());
  }

  @Override
  public void setContextMap(Map<String, String> contextMap) {
    values.set(new HashMap<>(contextMap));
  }

  @Override
  public void pushByKey(String key, String value) {
    stacks.get().computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
  }

  @Override
  public String popByKey(String key) {
    Deque<String> d = stacks.get().get(key);
    return d == null ? null : d.poll();
  }

  @Override
  public Deque<String> getCopyOfDequeByKey(String key) {
    Deque<String> d = stacks.get().get(key);
    return d == null ? null : new ArrayDeque<>(d);
  }

  @Override
  public void clearDequeByKey(String key) {
    stacks.get().remove(key);
  }
}
