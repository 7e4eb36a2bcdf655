import { describe, expect, test } from 'vitest';
import { waitFor, withDeadline } from '../helpers/wait-for.js';

// The polling helpers of the end-to-end tests: deadlines here are failure guards, and the tests
// assert what happens at them, never how long anything took.

describe('waitFor', () => {
  test('returns the first truthy value of the condition', async () => {
    let looks = 0;
    const value = await waitFor(() => (++looks === 3 ? { found: looks } : undefined), {
      what: 'the third look',
      intervalMs: 1,
    });
    expect(value).toEqual({ found: 3 });
  });

  test('awaits an async condition', async () => {
    await expect(waitFor(async () => 'ready', { what: 'ready' })).resolves.toBe('ready');
  });

  test('fails at its deadline, saying what it waited for and what it saw', async () => {
    await expect(
      waitFor(() => false, {
        what: "the line 'watching for changes'",
        timeoutMs: 20,
        intervalMs: 5,
        seen: () => 'building...',
      }),
    ).rejects.toThrow("timed out after 20 ms waiting for the line 'watching for changes'\nseen so far:\nbuilding...");
  });

  test('an error from the condition ends the wait with that error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('the build exited early');
        },
        { what: 'never', timeoutMs: 60_000 },
      ),
    ).rejects.toThrow('the build exited early');
  });
});

describe('withDeadline', () => {
  test('passes the value through when the promise settles in time', async () => {
    await expect(withDeadline(Promise.resolve(42), { what: 'the answer' })).resolves.toBe(42);
  });

  test('passes a rejection through', async () => {
    await expect(withDeadline(Promise.reject(new Error('exit 1')), { what: 'the process' })).rejects.toThrow('exit 1');
  });

  test('fails with a clear message when the promise never settles', async () => {
    await expect(
      withDeadline(new Promise(() => {}), { what: 'the watcher to exit after SIGINT', timeoutMs: 20 }),
    ).rejects.toThrow('timed out after 20 ms waiting for the watcher to exit after SIGINT');
  });
});
