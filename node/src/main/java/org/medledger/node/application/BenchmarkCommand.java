package org.medledger.node.application;

/**
 * Marks a command an application contributes ({@link Application#commands}) as a benchmark: the
 * CLI mounts it under {@code medledger bench} rather than at the top level.
 */
public interface BenchmarkCommand {}
