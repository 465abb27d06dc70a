/** Serverless metering: ECPUs per request, the ECPUPerSecond throttle, and the metrics a serverless cache exposes. */
export { AccessDenial, AccessDenialCounts, accessDenialOf } from './access-denials';
export { CpuBaseline } from './cpu-baseline';
export { ECPU_KILOBYTE, EcpuBreakdown, ecpuOf, RequestUsage } from './ecpu';
export { LatencyKind, LatencyRecorder, LatencySamples } from './latency';
export { CommandTypeCounters, EngineFigures, ServerlessMetricsSnapshot, ServerlessMetricsSource } from './metrics-source';
export { MeteredRequest, ServerlessMeter, ServerlessMeterOptions } from './serverless-meter';
export { EcpuThrottle, MonotonicClock } from './throttle';
