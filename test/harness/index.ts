// The test harness: a private dockerd, a registry, and images seeded without a network.
export * from './daemon.js';
export * from './registry.js';
export * from './image-tar.js';
export { onProcessExit } from './proc.js';
