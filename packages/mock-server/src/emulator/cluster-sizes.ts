/** What each cluster size gives a batch run. */
export const CLUSTER_SIZES = {
  1: { cluster_name: 'SMALL', resources: { cpus: 1, memory_mb: 2048, timeout_seconds: 600 } },
  2: { cluster_name: 'MEDIUM', resources: { cpus: 2, memory_mb: 4096, timeout_seconds: 1800 } },
  3: { cluster_name: 'LARGE', resources: { cpus: 4, memory_mb: 8192, timeout_seconds: 3600 } },
} as const;

/** A cluster size: 1 SMALL, 2 MEDIUM, 3 LARGE. */
export type ClusterSize = keyof typeof CLUSTER_SIZES;
