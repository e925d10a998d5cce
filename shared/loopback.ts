/**
 * Which hosts are this machine's loopback: the one rule for the core (plain HTTP to a loopback
 * registry), the web host (the `Host` header it answers) and the renderer (what it suggests for a
 * registry it cannot reach). Hosts are parsed as addresses, never matched as name prefixes:
 * `127.example.com` is a name like any other. Pure: no Node built-ins, so the renderer can use it.
 */

/** Four decimal octets (0–255, no leading zeros), as `net.isIPv4` accepts them. */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The WHATWG URL parser's spelling of an IPv6 address (`[::1]`), or null if `address` is none. */
function canonicalIpv6(address: string): string | null {
  if (!address.includes(':')) return null;
  try {
    return new URL(`http://[${address}]/`).hostname;
  } catch {
    return null;
  }
}

/**
 * `localhost`, an IPv4 address in 127.0.0.0/8, or the IPv6 loopback `::1` (also written in full,
 * bracketed, or as the IPv4-mapped `::ffff:127.x.y.z`). Takes a host without a port.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost') return true;
  if (IPV4.test(h)) return h.startsWith('127.');
  const v6 = canonicalIpv6(h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h);
  if (v6 === null) return false;
  return v6 === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(v6);
}

export interface HostPort {
  /** The name or address; an IPv6 address without its brackets. */
  host: string;
  port: number | null;
}

/**
 * Splits `host`, `host:port` or `[v6]:port` (a registry in a reference, an HTTP `Host` header).
 * Null for anything else: an unbracketed IPv6 address with a port, user info, a path, an empty host.
 */
export function splitHostPort(value: string): HostPort | null {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^\s:/?#@[\]]+))(?::(\d{1,5}))?$/.exec(value);
  if (!match) return null;
  const host = match[1] ?? match[2] ?? '';
  const port = match[3] === undefined ? null : Number(match[3]);
  if (port !== null && port > 65535) return null;
  return { host, port };
}

/** A registry (`localhost:5000`, `127.0.0.1:5000`, `[::1]:5000`) on this machine's loopback. */
export function isLoopbackRegistry(registry: string): boolean {
  const parsed = splitHostPort(registry);
  return parsed !== null && isLoopbackHost(parsed.host);
}
