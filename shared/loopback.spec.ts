import { describe, expect, it } from 'vitest';
import { isLoopbackHost, isLoopbackRegistry, splitHostPort } from './loopback.js';

describe('isLoopbackHost', () => {
  it('accepts localhost, 127.0.0.0/8 and ::1 in its spellings', () => {
    for (const host of [
      'localhost',
      'LocalHost',
      '127.0.0.1',
      '127.255.255.254',
      '::1',
      '[::1]',
      '0:0:0:0:0:0:0:1',
      '[0::1]',
      '::ffff:127.0.0.1',
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('parses addresses: a name that starts like one is a name', () => {
    for (const host of [
      '127.example.com',
      '127.0.0.1.nip.io',
      'localhost.example.com',
      'mylocalhost',
      '127.1',
      '127.000.0.1',
      '0x7f.0.0.1',
      '2130706433',
      '127.0.0.256',
      '128.0.0.1',
      '10.0.0.1',
      '::2',
      '::ffff:10.0.0.1',
      'fe80::1',
      '[::1',
      '',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('splitHostPort', () => {
  it('splits a host, a host and port, and a bracketed IPv6 address', () => {
    expect(splitHostPort('localhost')).toEqual({ host: 'localhost', port: null });
    expect(splitHostPort('127.0.0.1:5000')).toEqual({ host: '127.0.0.1', port: 5000 });
    expect(splitHostPort('[::1]:80')).toEqual({ host: '::1', port: 80 });
    expect(splitHostPort('[::1]')).toEqual({ host: '::1', port: null });
  });

  it('refuses what is not host[:port]', () => {
    for (const value of [
      '',
      ':5000',
      '::1:5000',
      'a@127.0.0.1:5000',
      '127.0.0.1:5000/x',
      '127.0.0.1:99999',
      '127.0.0.1:',
      'a b',
    ]) {
      expect(splitHostPort(value), value).toBeNull();
    }
  });
});

describe('isLoopbackRegistry', () => {
  it('judges the host of a registry, with or without a port', () => {
    expect(isLoopbackRegistry('localhost:5000')).toBe(true);
    expect(isLoopbackRegistry('127.0.0.1:5000')).toBe(true);
    expect(isLoopbackRegistry('[::1]:5000')).toBe(true);
    expect(isLoopbackRegistry('127.example.com:5000')).toBe(false);
    expect(isLoopbackRegistry('ghcr.io')).toBe(false);
  });
});
