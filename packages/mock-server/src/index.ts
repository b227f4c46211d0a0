export { CLUSTER_SIZES } from './emulator/cluster-sizes.js';
export { type OperationId, ROUTES } from './emulator/routes.js';
export type { MockServer, MockServerOptions } from './options.js';
export { startMockServer } from './start-mock-server.js';
