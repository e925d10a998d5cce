/** What to show a user for a failed call: a `HangarError`'s sentence, or a generic one. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong talking to Hangar’s core.';
}
