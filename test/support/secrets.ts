/**
 * Looking for a secret where it must never be: in what a command printed, in the files of
 * HANGAR_HOME. Finds it written as is, as Basic `user:password`, and inside any base64 text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The ways a password can be written down: as is, as Basic `user:password` in base64, and inside
 * any base64 or base64url text (such as the daemon's `X-Registry-Auth`): for each of the three
 * alignments, the characters that depend on the password alone.
 */
export function secretForms(user: string, password: string): string[] {
  const forms = new Set([password, Buffer.from(`${user}:${password}`).toString('base64')]);
  const bytes = Buffer.byteLength(password);
  for (const pad of [0, 1, 2]) {
    const b64 = Buffer.from(`${'x'.repeat(pad)}${password}`).toString('base64');
    const piece = b64.slice((Math.ceil(pad / 3) * 3 * 4) / 3, Math.floor((pad + bytes) / 3) * 4);
    forms.add(piece);
    forms.add(piece.replaceAll('+', '-').replaceAll('/', '_'));
  }
  return [...forms];
}

/** Every file under `dir` (the store, its WAL, backups…) with the secret forms each contains. */
export function filesHolding(dir: string, forms: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file).toString('latin1');
    for (const form of forms) if (text.includes(form)) found.push(`${file}: ${form}`);
  }
  return found;
}
