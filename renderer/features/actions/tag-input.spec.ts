import { describe, expect, it } from 'vitest';
import { makeImage } from '../../testing/fake-transport.js';
import { checkTag, planPush, renameTarget, tagOwnerOf } from './tag-input.js';

const app = makeImage('app', { repoTags: ['app:1', 'localhost:5000/app:1'] });
const other = makeImage('other', { repoTags: ['other:1'] });
const owner = tagOwnerOf([app, other]);

describe('checkTag', () => {
  it('normalises like the docker CLI', () => {
    expect(checkTag('ubuntu', app.id, owner)).toEqual({
      state: 'ok',
      familiar: 'ubuntu:latest',
      full: 'docker.io/library/ubuntu:latest',
      registry: 'docker.io',
      own: false,
      movesFrom: null,
    });
    expect(checkTag(' localhost:5000/team/app:v2 ', app.id, owner)).toMatchObject({
      familiar: 'localhost:5000/team/app:v2',
      full: 'localhost:5000/team/app:v2',
      registry: 'localhost:5000',
    });
  });

  it('gives the grammar’s reason for a bad name', () => {
    expect(checkTag('Shop/Web:1', app.id, owner)).toEqual({
      state: 'invalid',
      error: 'Invalid reference format: repository name (Shop/Web) must be lowercase',
    });
    expect(checkTag(`app:${'x'.repeat(129)}`, app.id, owner)).toMatchObject({ state: 'invalid' });
    expect(checkTag('app@sha256:' + 'a'.repeat(64), app.id, owner)).toMatchObject({
      state: 'invalid',
    });
    expect(checkTag('   ', app.id, owner)).toEqual({ state: 'empty' });
  });

  it('knows a tag the image has, and one that would move from another image', () => {
    expect(checkTag('app:1', app.id, owner)).toMatchObject({ state: 'ok', own: true });
    expect(checkTag('docker.io/library/other:1', app.id, owner)).toMatchObject({
      state: 'ok',
      own: false,
      movesFrom: other,
    });
  });

  it('knows the tags of an image as Podman lists them (docker.io/… in full)', () => {
    const onPodman = makeImage('podman', {
      repoTags: ['docker.io/library/web:1', 'localhost/w:2'],
    });
    const podmanOwner = tagOwnerOf([app, onPodman]);
    expect(checkTag('web:1', app.id, podmanOwner)).toMatchObject({ movesFrom: onPodman });
    expect(checkTag('docker.io/library/web:1', onPodman.id, podmanOwner)).toMatchObject({
      own: true,
    });
    expect(checkTag('localhost/w:2', onPodman.id, podmanOwner)).toMatchObject({ own: true });
    expect(checkTag('w:2', app.id, podmanOwner)).toMatchObject({ movesFrom: null });
  });
});

describe('planPush', () => {
  it('pushes a tag the image has as it is', () => {
    expect(planPush('localhost:5000/app:1', app.id, owner)).toMatchObject({
      state: 'ok',
      ref: 'localhost:5000/app:1',
      registry: 'localhost:5000',
      tagFirst: false,
    });
  });

  it('tags first for a new name', () => {
    expect(planPush('registry.example.com:5000/team/app:v1', app.id, owner)).toMatchObject({
      state: 'ok',
      tagFirst: true,
      registry: 'registry.example.com:5000',
    });
  });

  it('passes on what is wrong with the name', () => {
    expect(planPush('bad host/app', app.id, owner).state).toBe('invalid');
  });
});

describe('renameTarget', () => {
  it('keeps the repository when only a tag is typed', () => {
    expect(renameTarget('localhost:5000/app:1', ':2')).toBe('localhost:5000/app:2');
    expect(renameTarget('app', ':next')).toBe('app:next');
    expect(renameTarget('app:1', 'web:1')).toBe('web:1');
  });
});
