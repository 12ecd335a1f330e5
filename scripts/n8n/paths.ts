import path from 'node:path';

/** The repository root (scripts/n8n → ../..). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** Slow-to-build artefacts kept between runs; git-ignored, rebuilt by a fresh clone. */
export const cacheRoot = path.join(repoRoot, '.cache');
