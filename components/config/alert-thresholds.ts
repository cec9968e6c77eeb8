// The thresholds of the Milvus alerts (milvus.metrics.alertThresholds) and
// their defaults; the rules themselves are components/milvus/monitoring.ts.

export interface AlertThresholds {
    /** p99 search latency, ms. */
    searchP99Ms: number;
    /** p99 query latency, ms. */
    queryP99Ms: number;
    /** p99 insert/upsert latency, ms. */
    insertP99Ms: number;
    /** Failed share of requests of one kind (0..1). */
    errorRatio: number;
    /** Working set over the memory limit (0..1). */
    memoryRatio: number;
    /** Free share of a volume below which it is near full (0..1). */
    volumeFreeRatio: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
    searchP99Ms: 1000,
    queryP99Ms: 1000,
    insertP99Ms: 1000,
    errorRatio: 0.05,
    memoryRatio: 0.9,
    volumeFreeRatio: 0.15,
};
