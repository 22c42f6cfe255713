import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { clawftHome } from './config/paths.js';
import { detectCapabilities, type HostCapabilities } from './sandbox/capabilities.js';
import { packageVersion } from './version.js';

export interface HealthReport {
  ok: boolean;
  version: string;
  node: string;
  platform: string;
  arch: string;
  configDir: string;
  configDirWritable: boolean;
  sandbox: HostCapabilities;
  problems: string[];
}

/** The install is usable when Node is new enough and the state dir can be written. */
export async function healthReport(): Promise<HealthReport> {
  const configDir = clawftHome();
  const problems: string[] = [];
  let writable = true;
  try {
    await mkdir(configDir, { recursive: true, mode: 0o700 });
    await access(configDir, constants.W_OK);
  } catch {
    writable = false;
    problems.push(`${configDir} is not writable (set CLAWFT_HOME)`);
  }
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) problems.push(`node ${process.versions.node} is too old (need >= 20)`);
  return {
    ok: problems.length === 0,
    version: packageVersion(),
    node: process.versions.node,
    platform: process.platform,
    arch: process.arch,
    configDir,
    configDirWritable: writable,
    sandbox: detectCapabilities(),
    problems,
  };
}
