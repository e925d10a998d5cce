// The test harness: a private dockerd, a private Podman service, a registry, and images seeded
// without a network.
export * from './daemon.js';
export * from './podman.js';
export type { EngineHandle, EngineKind } from './engine-handle.js';
export * from './registry.js';
export * from './image-tar.js';
export { onProcessExit } from './proc.js';
