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
  {
    id: 'artifacts',
    title: 'Artifact cache',
    comingSoon:
      'Every build artifact cached under the hash of its inputs, with hits, sizes and eviction policies, so a build whose inputs did not change is skipped.',
  },
  {
    id: 'registry',
    title: 'Registry cache',
    comingSoon:
      'The cache tags kept in your project and shared registries, with their age against the TTL, to pin or delete.',
  },
  {
    id: 'history',
    title: 'History',
    comingSoon:
      'Every cache lookup as a hit, a hit too old or a miss, charted over time, with the input that changed when a build missed.',
  },
];

export function viewInfo(id: ViewId): ViewInfo {
  return VIEW_INFO.find((v) => v.id === id) ?? { id, title: id };
}
