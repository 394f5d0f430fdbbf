import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configStopDir } from '../src/config/discover.js';

// The config search stops at the home directory, as lilconfig's does: os.homedir()'s answer, read from HOME
// (USERPROFILE on Windows) without loading node:os, which only the fallback needs.
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('where the config search stops', () => {
  const variable = process.platform === 'win32' ? 'USERPROFILE' : 'HOME';

  it('is the home directory the environment names', () => {
    vi.stubEnv(variable, resolve('/tmp/somebody'));
    expect(configStopDir()).toBe(resolve('/tmp/somebody'));
  });

  it('is what os.homedir() says when the environment names none', () => {
    const saved = process.env[variable];
    delete process.env[variable];
    try {
      expect(configStopDir()).toBe(resolve(homedir()));
    } finally {
      if (saved !== undefined) process.env[variable] = saved;
    }
  });
});
