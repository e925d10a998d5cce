/** The sections of the app, in navigation order, with what the header and nav call them. */
import type { ViewId } from '../store/index.js';

export interface ViewInfo {
  id: ViewId;
  title: string;
  /** For sections not built yet: one sentence on what they will do. */
  comingSoon?: string;
}

export const VIEW_INFO: readonly ViewInfo[] = [
  { id: 'images', title: 'Images' },
  { id: 'dangling', title: 'Dangling' },
  { id: 'artifacts', title: 'Artifact cache' },
  { id: 'registry', title: 'Registry cache' },
  {
    id: 'history',
    title: 'History',
  },
];

export function viewInfo(id: ViewId): ViewInfo {
  return VIEW_INFO.find((v) => v.id === id) ?? { id, title: id };
}
