/** The sections of the app, in navigation order, with what the header and nav call them. */
export const VIEWS = [
  { id: 'images', title: 'Images' },
  { id: 'dangling', title: 'Dangling' },
  { id: 'artifacts', title: 'Artifact cache' },
  { id: 'build-cache', title: 'Build cache' },
  { id: 'registry', title: 'Registry cache' },
  { id: 'history', title: 'History' },
  { id: 'builds', title: 'Builds' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** The view ids, for reading one from the address. */
export const VIEW_IDS: readonly ViewId[] = VIEWS.map((v) => v.id);

export function viewTitle(id: ViewId): string {
  return VIEWS.find((v) => v.id === id)?.title ?? id;
}
