import type { Db, Queryable } from './db.js';
import { searchDocSql } from './skills.js';

/**
 * Numbered, append-only migrations. They run at start under an advisory lock,
 * so two replicas booting together apply each one exactly once.
 * Never edit a shipped migration: add the next number.
 */
export interface Migration {
  id: number;
  name: string;
  up: (q: Queryable, db: Db) => Promise<void>;
}

/** Dimension of the embedding column; the search engineer's model fills it (model id per row). */
export const EMBEDDING_DIM = 512;
const MIGRATION_LOCK = 0x77656674; // "weft"

export const MIGRATIONS: Migration[] = [
  {
    id: 1,
    name: 'core schema',
    up: async (q) => {
      await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
      await q.exec(`
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  handle text NOT NULL UNIQUE,
  display_name text,
  role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'admin')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE tokens (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  label text,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE TABLE publisher_keys (
  key_id text PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  public_key text NOT NULL UNIQUE,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
CREATE UNIQUE INDEX publisher_keys_one_active ON publisher_keys(user_id) WHERE active;
CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size integer NOT NULL,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE skills (
  id bigserial PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  skeleton text NOT NULL UNIQUE,
  display_name text NOT NULL,
  summary text NOT NULL DEFAULT '',
  owner_id bigint NOT NULL REFERENCES users(id),
  latest_version text,
  tags jsonb NOT NULL DEFAULT '{}'::jsonb,
  stars integer NOT NULL DEFAULT 0,
  downloads integer NOT NULL DEFAULT 0,
  installs integer NOT NULL DEFAULT 0,
  search_text text NOT NULL DEFAULT '',
  search_doc tsvector NOT NULL DEFAULT ''::tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX skills_search_doc ON skills USING gin (search_doc);
CREATE INDEX skills_slug_trgm ON skills USING gin (slug gin_trgm_ops);
CREATE INDEX skills_name_trgm ON skills USING gin (lower(display_name) gin_trgm_ops);
CREATE INDEX skills_updated ON skills(updated_at);
CREATE TABLE versions (
  id bigserial PRIMARY KEY,
  skill_id bigint NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  version text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'quarantined', 'yanked')),
  fingerprint text NOT NULL,
  archive_sha256 text NOT NULL REFERENCES blobs(sha256),
  files jsonb NOT NULL,
  signature text,
  public_key text,
  key_id text,
  verdict text NOT NULL CHECK (verdict IN ('pass', 'warn', 'block')),
  findings jsonb NOT NULL DEFAULT '[]'::jsonb,
  scanner text NOT NULL,
  changelog text NOT NULL DEFAULT '',
  manifest jsonb NOT NULL,
  readme text NOT NULL DEFAULT '',
  publisher_id bigint NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (skill_id, version)
);
CREATE INDEX versions_fingerprint ON versions(fingerprint);
CREATE TABLE stars (
  skill_id bigint NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (skill_id, user_id)
);
CREATE TABLE comments (
  id bigserial PRIMARY KEY,
  skill_id bigint NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  user_id bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX comments_skill ON comments(skill_id, id);
CREATE TABLE reports (
  id bigserial PRIMARY KEY,
  skill_id bigint NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  user_id bigint REFERENCES users(id) ON DELETE SET NULL,
  version text,
  reason text NOT NULL,
  status text NOT NULL DEFAULT 'open',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE installs (
  id bigserial PRIMARY KEY,
  skill_id bigint NOT NULL REFERENCES skills(id) ON DELETE CASCADE,
  version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rate_limits (
  bucket text NOT NULL,
  subject text NOT NULL,
  window_start bigint NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, subject, window_start)
);`);
    },
  },
  {
    id: 2,
    name: 'embeddings (pgvector, HNSW)',
    up: async (q, db) => {
      // Optional on PostgreSQL without pgvector: search then stays lexical.
      if (!db.hasVector) return;
      await q.query(`CREATE EXTENSION IF NOT EXISTS vector`);
      await q.exec(`
CREATE TABLE version_embeddings (
  version_id bigint PRIMARY KEY REFERENCES versions(id) ON DELETE CASCADE,
  model text NOT NULL,
  embedding vector(${EMBEDDING_DIM}) NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX version_embeddings_hnsw ON version_embeddings USING hnsw (embedding vector_cosine_ops);`);
    },
  },
  {
    id: 3,
    name: 'compact full-text document stored inline; GIN indexes without a pending list',
    up: async (q) => {
      await q.query(
        `UPDATE skills s SET search_doc = ${searchDocSql(
          's.slug',
          's.display_name',
          's.summary',
          `coalesce((SELECT string_agg(k, ' ') FROM jsonb_object_keys(s.tags) k WHERE k <> 'latest'), '')`,
          `coalesce(v.readme, '')`,
        )}
          FROM versions v WHERE v.skill_id = s.id AND v.version = s.latest_version`,
      );
      // Search-time GIN indexes update in place: with the default fast update, new entries wait in
      // a pending list that every search scans until a VACUUM merges it, and embedded PGlite has
      // no autovacuum. Registry writes are rare; searches are not.
      for (const idx of ['skills_search_doc', 'skills_slug_trgm', 'skills_name_trgm']) {
        await q.query(`ALTER INDEX ${idx} SET (fastupdate = off)`);
        await q.query(`SELECT gin_clean_pending_list('${idx}'::regclass)`);
      }
    },
  },
];

export async function migrate(db: Db): Promise<number[]> {
  return db.withAdvisoryLock(MIGRATION_LOCK, async (q) => {
    await q.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const done = new Set(
      (await q.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => Number(r.id)),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      // Each migration and its bookkeeping row commit together.
      await db.tx(async (t) => {
        await m.up(t, db);
        await t.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      });
      applied.push(m.id);
    }
    return applied;
  });
}
