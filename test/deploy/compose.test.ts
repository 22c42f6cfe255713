import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
// biome-ignore lint/suspicious/noExplicitAny: compose YAML is untyped data
const load = (f: string): any => parse(readFileSync(join(root, f), 'utf8'), { merge: true });

test('full stack: gateway + hub + pgvector PostgreSQL with healthchecks, named volumes, env file', () => {
  const c = load('docker-compose.yml');
  assert.deepEqual(Object.keys(c.services).sort(), ['gateway', 'hub', 'postgres']);
  for (const [name, s] of Object.entries(c.services) as [string, Record<string, unknown>][]) {
    assert.ok(s.healthcheck, `${name} has a healthcheck`);
    assert.deepEqual(s.env_file, ['deploy/.env'], `${name} reads deploy/.env`);
    const vols = s.volumes as string[];
    const named = vols[0]!.split(':')[0]!;
    assert.ok(named in c.volumes, `${name} uses the named volume ${named}`);
  }
  assert.match(c.services.postgres.image, /pgvector/);
  assert.deepEqual(c.services.hub.command.slice(0, 2), ['hub', 'serve']);
  assert.match(c.services.hub.environment.WEFT_DATABASE_URL, /^postgres:\/\/.*@postgres:5432\//);
  assert.equal(c.services.hub.depends_on.postgres.condition, 'service_healthy');
  assert.equal(c.services.gateway.command[0], 'gateway');
  assert.equal(c.services.gateway.depends_on.hub.condition, 'service_healthy');
  // Only the gateway, which sandboxes skills with bubblewrap, relaxes seccomp.
  assert.ok(c.services.gateway.security_opt.includes('seccomp=unconfined'));
  assert.ok(!c.services.hub.security_opt.includes('seccomp=unconfined'));
  // weft containers: non-root image user, read-only root, no capabilities.
  for (const name of ['gateway', 'hub']) {
    assert.equal(c.services[name].read_only, true);
    assert.deepEqual(c.services[name].cap_drop, ['ALL']);
    assert.equal(c.services[name].volumes[0].split(':')[1], '/home/weft/.clawft');
  }
});

test('published ports bind to loopback unless WEFT_BIND says otherwise', () => {
  for (const f of ['docker-compose.yml', 'docker-compose.hub.yml']) {
    const c = load(f);
    for (const s of Object.values(c.services) as { ports?: string[] }[]) {
      for (const p of s.ports ?? []) assert.match(p, /^\$\{WEFT_BIND:-127\.0\.0\.1\}:/);
    }
  }
});

test('hub-only variant runs on the embedded store, no database', () => {
  const c = load('docker-compose.hub.yml');
  assert.deepEqual(Object.keys(c.services), ['hub']);
  const hub = c.services.hub;
  assert.deepEqual(hub.command, [
    'hub',
    'serve',
    '--host',
    '0.0.0.0',
    '--port',
    '8080',
    '--data',
    '/home/weft/.clawft/hub',
  ]);
  assert.equal(hub.environment?.WEFT_DATABASE_URL, undefined);
  assert.ok(hub.healthcheck);
  assert.deepEqual(Object.keys(c.volumes), ['hub-data']);
});

test('deploy/.env.example names every variable the compose files interpolate', () => {
  const example = readFileSync(join(root, 'deploy/.env.example'), 'utf8');
  const defined = new Set([...example.matchAll(/^#?\s*([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
  for (const f of ['docker-compose.yml', 'docker-compose.hub.yml']) {
    const text = readFileSync(join(root, f), 'utf8');
    // ${VAR...} interpolations; $${VAR} is a literal for the container's shell.
    for (const m of text.matchAll(/(?<!\$)\$\{([A-Z_][A-Z0-9_]*)/g)) {
      if (m[1] === 'POSTGRES_IMAGE') continue; // optional override, documented in docs/deploy.md
      assert.ok(defined.has(m[1]), `${f} uses ${m[1]}, missing from deploy/.env.example`);
    }
  }
});
