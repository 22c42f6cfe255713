import { after, before, describe } from 'node:test';
import { type Harness, postgresLocation, startTestHub } from '../helpers/hub.js';
import { badInputSuite } from './suite/bad-input.js';
import { publishSuite } from './suite/publish.js';
import { readSuite } from './suite/read.js';

// Same suite as api-embedded.test.ts, on a real PostgreSQL (a fresh schema per run).
// Locally it skips with a reason when no server is reachable; in CI that is a failure.
const pg = await postgresLocation();

describe('hub API on PostgreSQL', { skip: pg.reason ?? false }, () => {
  let h: Harness;
  before(async () => {
    h = await startTestHub(pg.loc!);
  });
  after(async () => {
    await h?.stop();
    await pg.drop?.();
  });
  describe('publish', () => publishSuite(() => h));
  describe('bad input', () => badInputSuite(() => h));
  describe('read, community, auth', () => readSuite(() => h));
});
