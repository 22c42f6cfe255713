// Loads a built module from dist/, or reports that this build lacks it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../lib/paths.mjs';

export const distPath = (rel) => join(repoRoot, 'dist', rel);
export const hasDist = (rel) => existsSync(distPath(rel));
export const importDist = (rel) => import(pathToFileURL(distPath(rel)).href);
