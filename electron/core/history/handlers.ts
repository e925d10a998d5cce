/** Handlers of the `history:*` channels: one line each into the `HistoryService`. */
import type { HistoryChannels } from '../../../shared/channels/history.js';
import type { HandlersFor } from '../handlers.js';
import type { HistoryService } from './history-service.js';

export function historyHandlers({
  history,
}: {
  history: HistoryService;
}): HandlersFor<HistoryChannels> {
  return {
    'history:query': (query) => history.query(query),
    'history:stats': (query) => history.stats(query),
    'history:artifacts': () => history.artifacts(),
    'history:exportFtl': (filters) => history.exportFtl(filters),
    'history:import': (request) => history.import(request),
    'history:settings': () => history.settings(),
    'history:setSettings': (settings) => history.setSettings(settings),
  };
}
