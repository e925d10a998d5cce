import { describe, expect, it } from 'vitest';
import { BuildStreamParser, describeFailure } from './build-stream.js';

const line = (o: unknown) => `${JSON.stringify(o)}\r\n`;

describe('BuildStreamParser', () => {
  it('follows steps, keeps their output, and takes the image id from aux', () => {
    const p = new BuildStreamParser();
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
    expect(p.push(text.slice(0, 17))).toBe(false);
    p.push(text.slice(17));
    p.end();
    expect(p.steps.map((s) => `${s.index}/${s.total} ${s.instruction}`)).toEqual([
      '1/3 FROM scratch',
      '2/3 COPY . /',
      '3/3 LABEL a=b',
    ]);
    expect(p.steps[0]?.output).toEqual([]);
    expect(p.imageId).toBe('sha256:' + 'f'.repeat(64));
    expect(p.shortId).toBe('ffffffffffff');
    expect(p.failure).toBeNull();
    expect(p.percent()).toBe(67);
  });

  it("reports a failure with the failing step's output", () => {
    const p = new BuildStreamParser();
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
    expect(p.failure?.step?.index).toBe(2);
    const d = describeFailure(p.failure!);
    expect(d.message).toBe(
      "The build failed at step 2/2 (RUN echo compiling && exit 3): The command '/bin/sh -c exit 3' returned a non-zero code: 3",
    );
    expect(d.detail).toBe('compiling\nerror: main.c:3: boom');
  });

  it('gives no detail when the failing step printed nothing', () => {
    const p = new BuildStreamParser();
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
    const p = new BuildStreamParser();
    p.push(line({ stream: 'Step 1/1 : FROM scratch\n' }) + 'garbage line\n');
    p.end();
    expect(p.steps[0]?.output).toEqual(['garbage line']);
  });
});

describe('BuildStreamParser noise', () => {
  it('drops builder bookkeeping even behind leftover colour codes', () => {
    const p = new BuildStreamParser();
    p.push(`${JSON.stringify({ stream: 'Step 1/2 : FROM scratch\n' })}\n`);
    p.push(`${JSON.stringify({ stream: 'real output\n' })}\n`);
    p.push(`${JSON.stringify({ stream: '\u001b[0mRemoving intermediate container abc\n' })}\n`);
    p.end();
    expect(p.current?.output.join('\n')).toContain('real output');
    expect(p.current?.output.join('\n')).not.toContain('Removing intermediate');
  });
});
