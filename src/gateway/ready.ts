import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { statePaths } from '../config/paths.js';
import { detectCapabilities } from '../sandbox/capabilities.js';

export interface ReadyCheck {
  name: 'config' | 'store' | 'sandbox';
  ok: boolean;
  detail: string;
  layers?: string[];
}

export interface ReadyReport {
  ready: boolean;
  checks: ReadyCheck[];
}

/**
 * Readiness: the state dir is writable (config), the agents store is
 * readable, and the sandbox runtime with at least one enforcing layer is
 * present (without it every Bash call would be refused).
 */
export async function readinessReport(env: NodeJS.ProcessEnv = process.env): Promise<ReadyReport> {
  const paths = statePaths(env);
  const checks: ReadyCheck[] = [];
  try {
    await mkdir(paths.home, { recursive: true, mode: 0o700 });
    await access(paths.home, constants.W_OK);
    checks.push({ name: 'config', ok: true, detail: `${paths.home} writable` });
  } catch (err) {
    checks.push({
      name: 'config',
      ok: false,
      detail: `${paths.home}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    });
  }
  try {
    await mkdir(paths.agentsDir, { recursive: true, mode: 0o700 });
    await access(paths.agentsDir, constants.R_OK | constants.W_OK);
    checks.push({ name: 'store', ok: true, detail: `${paths.agentsDir} readable` });
  } catch (err) {
    checks.push({
      name: 'store',
      ok: false,
      detail: `${paths.agentsDir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    });
  }
  const caps = detectCapabilities();
  const layers = [
    caps.bwrap ? 'bwrap' : null,
    caps.userNamespaces ? 'userns' : null,
    caps.landlock.available ? `landlock-abi${caps.landlock.abi ?? '?'}` : null,
    caps.seccomp ? 'seccomp' : null,
  ].filter((x): x is string => x !== null);
  const runtime = await sandboxRuntimeAvailable();
  const enforcing =
    caps.platform === 'linux' ? Boolean(caps.bwrap) && caps.userNamespaces : layers.length > 0;
  checks.push({
    name: 'sandbox',
    ok: runtime && enforcing,
    detail: !runtime
      ? 'sandbox runtime missing from this build'
      : enforcing
        ? 'os sandbox available'
        : 'no enforcing layer (install bubblewrap, enable user namespaces)',
    layers,
  });
  return { ready: checks.every((c) => c.ok), checks };
}

const RUN_MODULE = '../sandbox/run.js';

async function sandboxRuntimeAvailable(): Promise<boolean> {
  try {
    const mod = (await import(RUN_MODULE)) as { runSandboxed?: unknown };
    return typeof mod.runSandboxed === 'function';
  } catch {
    return false;
  }
}
