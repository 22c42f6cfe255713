import { after, before, describe } from 'node:test';
import { embeddedLocation, type Harness, startTestHub } from '../helpers/hub.js';
import { badInputSuite } from './suite/bad-input.js';
import { publishSuite } from './suite/publish.js';
import { readSuite } from './suite/read.js';

// The same API suite runs here on the embedded store (PGlite) and in
// api-postgres.test.ts on PostgreSQL.
describe('hub API on the embedded store (PGlite)', () => {
  let h: Harness;
  before(async () => {
    h = await startTestHub(await embeddedLocation());
  });
  after(() => h?.stop());
  describe('publish', () => publishSuite(() => h));
  describe('bad input', () => badInputSuite(() => h));
  describe('read, community, auth', () => readSuite(() => h));
});
