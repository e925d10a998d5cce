/**
 * Which builder runs a build: `auto` is BuildKit on a Docker engine whose API is 1.39 or newer,
 * the classic builder on an older Docker engine, and Buildah on Podman (its compat `/build`
 * ignores `version`). Asking Podman for BuildKit is an error in words.
 */
import type { BuilderChoice, BuilderKind } from '../../../shared/builds.js';
import { HangarError } from '../../../shared/errors.js';
import type { EngineStatus } from '../../../shared/model.js';
import { compareApiVersions } from '../engine/version-info.js';

export const BUILDKIT_MIN_API = '1.39';

export function chooseBuilder(status: EngineStatus, choice: BuilderChoice = 'auto'): BuilderKind {
  if (status.state !== 'reachable') {
    throw new HangarError('ENGINE_UNREACHABLE', 'The engine is not reachable: nothing can build.');
  }
  if (status.kind === 'podman') {
    if (choice === 'buildkit') {
      throw new HangarError(
        'VALIDATION',
        'This engine is Podman, which has no BuildKit: it builds with Buildah. Use --builder auto or classic.',
      );
    }
    return 'podman';
  }
  if (choice === 'classic') return 'classic';
  const hasBuildKit = compareApiVersions(status.apiVersion, BUILDKIT_MIN_API) >= 0;
  if (choice === 'buildkit' && !hasBuildKit) {
    throw new HangarError(
      'VALIDATION',
      `This Docker engine speaks API ${status.apiVersion}; BuildKit through the API needs ${BUILDKIT_MIN_API} or newer. Use --builder classic.`,
    );
  }
  return hasBuildKit ? 'buildkit' : 'classic';
}
