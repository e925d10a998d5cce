import { describe, expect, it } from 'vitest';
import { describeFailure } from './steps.js';
import { TextStreamReader } from './text-stream.js';

const line = (o: unknown) => `${JSON.stringify(o)}\r\n`;

describe('TextStreamReader (classic)', () => {
  it('follows steps, keeps their output, and takes the image id from aux', () => {
    const p = new TextStreamReader('classic');
    const text =
      line({ stream: 'Step 1/3 : FROM scratch' }) +
      line({ stream: '\n' }) +
      line({ stream: ' ---> Using cache\n ---> abc\n' }) +
      line({ stream: 'Step 2/3 : COPY . /\n' }) +
      line({ stream: ' ---> 1234\n' }) +
      line({ stream: 'Step 3/3 : LABEL a=b\n' }) +
      line({ aux: { ID: 'sha256:' + 'f'.repeat(64) } }) +
      line({ stream: 'Successfully built ffffffffffff\n' }) +
      line({ stream: 'Successfully tagged app:k\n' });
    // Split mid-line to prove chunk boundaries do not matter.
    expect(p.push(text.slice(0, 17))).toEqual([]);
    p.push(text.slice(17));
    p.end();
    expect(p.steps.map((s) => [s.name, s.cached])).toEqual([
      ['[1/3] FROM scratch', true],
      ['[2/3] COPY . /', false],
      ['[3/3] LABEL a=b', false],
    ]);
    expect(p.steps[0]?.log).toEqual([]);
    expect(p.steps.every((s) => s.dockerfile && s.completed !== null)).toBe(true);
    expect(p.imageId).toBe('sha256:' + 'f'.repeat(64));
    expect(p.shortId).toBe('ffffffffffff');
    expect(p.failure).toBeNull();
  });

  it("reports a failure with the failing step's output", () => {
    const p = new TextStreamReader('classic');
    p.push(
      line({ stream: 'Step 1/2 : FROM busybox\n' }) +
        line({ stream: 'Step 2/2 : RUN echo compiling \u0026\u0026 exit 3\n' }) +
        line({ stream: ' ---> Running in 0a1b\n' }) +
        line({ stream: 'compiling\n' }) +
        line({ stream: 'error: main.c:3: boom\n' }) +
        line({
          errorDetail: {
            code: 3,
            message: "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
          },
          error: "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
        }),
    );
    p.end();
    expect(p.failure?.step?.name).toBe('[2/2] RUN echo compiling && exit 3');
    expect(p.failure?.step?.error).toMatch(/non-zero code: 3/);
    const d = describeFailure(p.failure!);
    expect(d.message).toBe(
      "The build failed at step 2/2 (RUN echo compiling && exit 3): The command '/bin/sh -c exit 3' returned a non-zero code: 3",
    );
    expect(d.detail).toBe('compiling\nerror: main.c:3: boom');
  });

  it('gives no detail when the failing step printed nothing', () => {
    const p = new TextStreamReader('classic');
    p.push(
      line({ stream: 'Step 1/1 : COPY nope /\n' }) +
        line({ errorDetail: { message: 'COPY failed: stat nope: file does not exist' } }),
    );
    p.end();
    expect(describeFailure(p.failure!)).toEqual({
      message:
        'The build failed at step 1/1 (COPY nope /): COPY failed: stat nope: file does not exist',
      detail: undefined,
    });
  });

  it('keeps a non-JSON line as output instead of throwing', () => {
    const p = new TextStreamReader('classic');
    p.push(line({ stream: 'Step 1/1 : FROM scratch\n' }) + 'garbage line\n');
    p.end();
    expect(p.steps[0]?.log).toEqual(['garbage line']);
  });
});

describe('TextStreamReader noise', () => {
  it('drops builder bookkeeping even behind leftover colour codes', () => {
    const p = new TextStreamReader('classic');
    p.push(`${JSON.stringify({ stream: 'Step 1/2 : FROM scratch\n' })}\n`);
    p.push(`${JSON.stringify({ stream: 'real output\n' })}\n`);
    p.push(`${JSON.stringify({ stream: '\u001b[0mRemoving intermediate container abc\n' })}\n`);
    p.end();
    expect(p.current?.log.join('\n')).toContain('real output');
    expect(p.current?.log.join('\n')).not.toContain('Removing intermediate');
  });
});

describe('TextStreamReader (podman)', () => {
  it("reads Buildah's STEP lines and its Using cache", () => {
    const p = new TextStreamReader('podman');
    p.push(
      line({ stream: 'STEP 1/3: FROM localhost/base:1\n' }) +
        line({ stream: 'STEP 2/3: COPY app.txt /app/\n' }) +
        line({ stream: '--> Using cache 4f3a9b1c2d\n' }) +
        line({ stream: '--> 4f3a9b1c2d\n' }) +
        line({ stream: 'STEP 3/3: RUN echo hi\n' }) +
        line({ stream: 'hi\n' }) +
        line({ stream: 'COMMIT app:1\n' }) +
        line({ stream: '--> 9e8d\n' }) +
        line({ aux: { ID: 'sha256:' + 'e'.repeat(64) } }),
    );
    p.end();
    expect(p.steps.map((s) => [s.name, s.cached, s.log])).toEqual([
      ['[1/3] FROM localhost/base:1', false, []],
      ['[2/3] COPY app.txt /app/', true, []],
      ['[3/3] RUN echo hi', false, ['hi']],
    ]);
    expect(p.imageId).toBe('sha256:' + 'e'.repeat(64));
  });
});
