import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Where weft keeps its state. `CLAWFT_HOME` wins; otherwise `~/.clawft`.
 * Every module asks here instead of joining paths itself, so tests can point
 * a whole run at a temp dir with one variable.
 */
export function clawftHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.CLAWFT_HOME;
  if (override && override.trim() !== '') return resolve(override);
  return join(homedir(), '.clawft');
}

export interface StatePaths {
  home: string;
  keysDir: string;
  trustFile: string;
  agentsDir: string;
  auditDir: string;
  credentialsFile: string;
  hubDataDir: string;
  profilesDir: string;
}

export function statePaths(env: NodeJS.ProcessEnv = process.env): StatePaths {
  const home = clawftHome(env);
  return {
    home,
    keysDir: join(home, 'keys'),
    trustFile: join(home, 'trust.json'),
    agentsDir: join(home, 'agents'),
    auditDir: join(home, 'audit'),
    credentialsFile: join(home, 'credentials.json'),
    hubDataDir: join(home, 'hub'),
    profilesDir: join(home, 'profiles'),
  };
}

export function agentDir(agentId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(statePaths(env).agentsDir, agentId);
}

export function agentConfigPath(agentId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(agentDir(agentId, env), 'config.toml');
}

export function agentWorkspace(agentId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(agentDir(agentId, env), 'workspace');
}
