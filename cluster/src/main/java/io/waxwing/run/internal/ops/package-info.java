/**
 * Operations: what lets an orchestrator, Prometheus and a person see a running execution. One
 * management HTTP port per process (Pekko Management: {@code /alive}, {@code /ready},
 * {@code /startup}, plus {@code /metrics} and {@code /dataflow}), the Prometheus implementation of
 * the engine's {@link io.waxwing.engine.EngineMetrics}, the dataflow graph and its renderings, and
 * the periodic resource report. Internal; the control plane reports to it through a few marked
 * hook lines, and nothing in {@code core} depends on it. The only package of the cluster module
 * that reaches Prometheus, Pekko Management or Pekko HTTP ({@code ClusterArchitectureTest}).
 */
package io.waxwing.run.internal.ops;
