import { afterEach } from 'vitest';
import { removeTemporaryDirectories } from './temporary.js';

// Per test file, even when files share one module cache (isolate: false).
afterEach(removeTemporaryDirectories);
