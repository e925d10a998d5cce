/**
 * `WWW-Authenticate` challenges of a registry (RFC 7235 as distribution sends them):
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:x:pull"`
 * or `Basic realm="hangar-test"`.
 */

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses one or more challenges; unknown shapes give an empty list, never a throw. */
export function parseChallenges(header: string | null): Challenge[] {
  if (!header) return [];
  const challenges: Challenge[] = [];
  const re = /([A-Za-z][\w-]*)(?:\s+((?:[\w-]+=(?:"(?:[^"\\]|\\.)*"|[^\s,]*)\s*,?\s*)+))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const params: Record<string, string> = {};
    const paramRe = /([\w-]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
    for (const p of (m[2] ?? '').matchAll(paramRe)) {
      const key = (p[1] ?? '').toLowerCase();
      params[key] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
    }
    challenges.push({ scheme: (m[1] ?? '').toLowerCase(), params });
  }
  return challenges;
}
