/** The handler table: one function per request channel of the contract. */
import type { Handlers } from '../../shared/contract.js';
import type { ImageInspect } from '../../shared/model.js';
import type { EngineStatus } from '../../shared/model.js';
import type { EngineSource, IndexService } from './index/index-service.js';

export interface HandlerDeps {
  engine: EngineSource & { retry(): Promise<EngineStatus> };
  index: IndexService;
}

export function createHandlers({ engine, index }: HandlerDeps): Handlers {
  return {
    'engines:status': async () => engine.status(),
    'engines:retry': () => engine.retry(),
    'images:snapshot': async () => index.snapshot(),
    'images:inspect': async (idOrRef) =>
      (await engine.client().getImage(idOrRef).inspect()) as unknown as ImageInspect,
  };
}
