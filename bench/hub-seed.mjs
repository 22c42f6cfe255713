// Bench-only seeding: N synthetic skills written with set-based SQL, because
// running 10k full publishes through the pipeline would dominate the benchmark
// (publish throughput is measured separately, over HTTP). The rows match what
// the publish pipeline writes, including the lexical search document.
import { createHash } from 'node:crypto';
import { packBundle } from '../dist/skills/archive.js';
import { bundleFromFiles } from '../dist/skills/bundle.js';

const WORDS = (
  'email inbox summarize unread calendar sync slack notify deploy fly docker kubernetes git github review pdf ' +
  'extract table csv excel chart weather forecast translate language search web browser scrape news rss ' +
  'note markdown obsidian todo task jira linear invoice payment stripe crypto wallet image resize photo video ' +
  'audio transcribe speech voice sql database postgres backup s3 upload file rename organize code lint test'
).split(' ');

export async function seedCatalog(db, n) {
  const b = bundleFromFiles([
    {
      path: 'SKILL.md',
      bytes: Buffer.from('---\nname: bench-skill\ndescription: bench\nversion: 1.0.0\n---\nbody\n'),
    },
  ]);
  const zip = packBundle(b);
  const sha = createHash('sha256').update(zip).digest('hex');
  await db.query(`INSERT INTO users (handle, role) VALUES ('bench-seed', 'admin') ON CONFLICT DO NOTHING`);
  await db.query('INSERT INTO blobs (sha256, size, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
    sha,
    zip.byteLength,
    zip,
  ]);
  const batch = 1000;
  for (let start = 0; start < n; start += batch) {
    const slugs = [];
    const names = [];
    const descs = [];
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const w = (k) => WORDS[(i * 7 + k * 13 + Math.floor(i / WORDS.length) * k) % WORDS.length];
      slugs.push(`bench-skill-${i}`);
      names.push(`${w(1)} ${w(2)} ${i}`);
      descs.push(`${w(3)} ${w(4)} and ${w(5)} for ${w(6)} ${w(7)} workflows`);
    }
    await db.query(
      `WITH src AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) AS t(slug, name, descr)),
            ins AS (
              INSERT INTO skills (slug, skeleton, display_name, summary, owner_id, latest_version, tags, search_text, search_doc)
              SELECT slug, replace(slug, '-', ''), name, descr, (SELECT id FROM users WHERE handle = 'bench-seed'), '1.0.0',
                     '{"latest":"1.0.0"}'::jsonb, lower(slug || ' ' || name || ' ' || descr),
                     setweight(to_tsvector('english', replace(slug, '-', ' ') || ' ' || name), 'A') ||
                     setweight(to_tsvector('english', descr), 'B')
                FROM src RETURNING id)
       INSERT INTO versions (skill_id, version, status, fingerprint, archive_sha256, files, verdict, scanner, manifest, publisher_id)
       SELECT id, '1.0.0', 'active', $4, $5, '[]'::jsonb, 'pass', 'none', '{}'::jsonb,
              (SELECT id FROM users WHERE handle = 'bench-seed') FROM ins`,
      [slugs, names, descs, b.fingerprint, sha],
    );
  }
}
