/**
 * Skill client benchmark (`npm run bench:client`): verified install latency over
 * loopback, the cost of verification alone on a large bundle, and the no-op
 * update check. Bounded: a few seconds. Writes bench/results/skill-client.{json,md}.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubClient } from '../src/hub-client/client.js';
import { installSkill } from '../src/hub-client/install.js';
import { updateSkills } from '../src/hub-client/manage.js';
import type { ScanFn } from '../src/hub-client/scan.js';
import { defaultScan } from '../src/hub-client/scan.js';
import { keyIdOf, rawPublicKey } from '../src/signing/keys.js';
import { signSkill, verifySkillSignature } from '../src/signing/signature.js';
import { packBundle, unpackArchive } from '../src/skills/archive.js';
import { bundleFromFiles } from '../src/skills/bundle.js';

const ITER = Number(process.env.BENCH_ITER ?? 30);

function key() {
  const { privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(createPublicKey(privateKey));
  return { privateKey, publicKey: raw.toString('base64'), keyId: keyIdOf(raw) };
}

function makeSkill(slug: string, version: string, files: number, bytesPerFile: number) {
  const entries = [
    {
      path: 'SKILL.md',
      bytes: Buffer.from(
        `---\nname: ${slug}\ndescription: bench skill\nversion: ${version}\n---\n\n# ${slug}\n\nHelps.\n`,
      ),
    },
  ];
  for (let i = 0; i < files; i++) {
    const text = Array.from(
      { length: Math.ceil(bytesPerFile / 40) },
      (_, j) => `line ${i}-${j}: some reference text\n`,
    )
      .join('')
      .slice(0, bytesPerFile);
    entries.push({ path: `docs/ref-${i}.md`, bytes: Buffer.from(text) });
  }
  return bundleFromFiles(entries);
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
}

async function main() {
  const k = key();
  const bundle = makeSkill('bench', '1.0.0', 20, 10_000);
  const archive = Buffer.from(packBundle(bundle));
  const sig = signSkill(k, 'bench', '1.0.0', bundle.fingerprint);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (data: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, data }));
    };
    if (url.pathname === '/api/v1/skills/bench') return json({ slug: 'bench', tags: { latest: '1.0.0' } });
    if (url.pathname === '/api/v1/skills/bench/versions/1.0.0') {
      return json({
        version: '1.0.0',
        fingerprint: bundle.fingerprint,
        signature: sig.signature,
        publicKey: sig.publicKey,
      });
    }
    if (url.pathname === '/api/v1/skills/bench/download') {
      res.writeHead(200, { 'content-type': 'application/zip', 'x-weft-fingerprint': bundle.fingerprint });
      return res.end(archive);
    }
    if (url.pathname === '/api/v1/skills/install') {
      req.resume();
      return json({});
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const root = await mkdtemp(join(tmpdir(), 'weft-bench-client-'));
  const client = createHubClient({ registry });
  const passScan: ScanFn = async () => ({ verdict: 'pass', findings: 0, summary: [] });

  const measure = async (scan: ScanFn, label: string) => {
    const times: number[] = [];
    for (let i = 0; i < ITER; i++) {
      const workdir = join(root, `${label}-${i}`);
      await mkdir(workdir);
      const t0 = performance.now();
      await installSkill(
        { slug: 'bench', workdir },
        { client, scan, trustFile: join(root, `trust-${label}.json`) },
      );
      times.push(performance.now() - t0);
    }
    return times;
  };
  const noScan = await measure(passScan, 'noscan');
  const withScan = await measure(defaultScan, 'scan');

  const updTimes: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t0 = performance.now();
    await updateSkills(
      { workdir: join(root, `noscan-${i}`), slugs: [] },
      { client, scan: passScan, trustFile: join(root, 'trust-noscan.json') },
    );
    updTimes.push(performance.now() - t0);
  }

  // Verification alone on a 5 MB, 50-file bundle: unpack (CRC, limits) + fingerprint + Ed25519.
  const big = makeSkill('big', '1.0.0', 50, 100_000);
  const bigZip = packBundle(big);
  const bigSig = signSkill(k, 'big', '1.0.0', big.fingerprint);
  const verifyTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const b = unpackArchive(bigZip);
    verifySkillSignature(bigSig, { slug: 'big', version: '1.0.0', fingerprint: b.fingerprint });
    verifyTimes.push(performance.now() - t0);
  }

  server.close();
  await rm(root, { recursive: true, force: true });
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
      node: process.version,
    },
    skill: { files: bundle.files.length, bytes: bundle.totalBytes, archiveBytes: archive.byteLength },
    iterations: ITER,
    installMs: { p50: pct(noScan, 50), p95: pct(noScan, 95) },
    installWithScanMs: { p50: pct(withScan, 50), p95: pct(withScan, 95) },
    noopUpdateMs: { p50: pct(updTimes, 50), p95: pct(updTimes, 95) },
    verify5MbMs: { p50: pct(verifyTimes, 50), bundleBytes: big.totalBytes, archiveBytes: bigZip.byteLength },
  };
  const md = [
    '# Skill client benchmark',
    '',
    `${result.date}, ${result.machine.cpus} CPUs (${result.machine.model}), load ${result.machine.loadavg.join(' ')}, Node ${result.machine.node}`,
    '',
    '| Measure | p50 ms | p95 ms |',
    '|---|---|---|',
    `| verified install, ${result.skill.files} files / ${result.skill.bytes} B, loopback, no scan | ${result.installMs.p50} | ${result.installMs.p95} |`,
    `| same, with the real scanner | ${result.installWithScanMs.p50} | ${result.installWithScanMs.p95} |`,
    `| no-op update (latest + local fingerprint check) | ${result.noopUpdateMs.p50} | ${result.noopUpdateMs.p95} |`,
    `| verify only: unpack + fingerprint + Ed25519, ${big.totalBytes} B bundle | ${result.verify5MbMs.p50} | |`,
    '',
  ].join('\n');
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(
    new URL('./results/skill-client.json', import.meta.url),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  await writeFile(new URL('./results/skill-client.md', import.meta.url), md);
  process.stdout.write(md);
}

await main();
