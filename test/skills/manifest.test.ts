import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeftError } from '../../src/errors.js';
import { parseSkillMd, slugify, validateSlug, validateVersion } from '../../src/skills/manifest.js';

const code = (c: string) => (e: unknown) => e instanceof WeftError && e.code === c;

describe('parseSkillMd', () => {
  it('parses frontmatter, body and openclaw metadata', () => {
    const m = parseSkillMd(
      '---\nname: weather\ndescription: Get the forecast\nversion: 1.0.0\nmetadata: {"openclaw": {"requires": {"bins": ["curl"], "env": ["API_KEY"]}, "primaryEnv": "API_KEY"}}\nallowed-tools: Read, Bash\n---\n# Weather\nbody\n',
    );
    assert.equal(m.name, 'weather');
    assert.equal(m.version, '1.0.0');
    assert.deepEqual(m.openclaw?.requires?.bins, ['curl']);
    assert.equal(m.openclaw?.primaryEnv, 'API_KEY');
    assert.deepEqual(m.allowedTools, ['Read', 'Bash']);
    assert.equal(m.body, '# Weather\nbody\n');
    assert.equal(m.bodyLine, 8);
  });

  it('accepts the clawdbot and clawdis aliases', () => {
    const a = parseSkillMd(
      '---\nname: a\ndescription: d\nmetadata:\n  clawdbot:\n    requires:\n      bins: [gh]\n---\n',
    );
    assert.deepEqual(a.openclaw?.requires?.bins, ['gh']);
    const b = parseSkillMd(
      '---\nname: b\ndescription: d\nclawdis:\n  emoji: "x"\n  requires:\n    bins: [jq]\n---\n',
    );
    assert.deepEqual(b.openclaw?.requires?.bins, ['jq']);
  });

  it('parses the permissions block, including host:port strings', () => {
    const m = parseSkillMd(
      '---\nname: s\ndescription: d\npermissions:\n  tools: [Read]\n  fs:\n    read: ["."]\n  net: ["api.example.com:8443", {host: x.org}]\n  env: ["TOKEN", "GH_*"]\n---\n',
    );
    assert.deepEqual(m.permissions?.net, [
      { host: 'api.example.com', ports: [8443], require_tls: true },
      { host: 'x.org', ports: [443], require_tls: true },
    ]);
    assert.deepEqual(m.permissions?.env, ['TOKEN', 'GH_*']);
  });

  it('reports malformed YAML with a line number', () => {
    assert.throws(
      () => parseSkillMd('---\nname: x\ndescription: [unclosed\n---\nbody'),
      (e: unknown) =>
        e instanceof WeftError && e.code === 'E_MANIFEST_PARSE' && /SKILL\.md:\d+:/.test(e.message),
    );
  });

  it('rejects missing frontmatter, missing fields, bad semver and duplicate keys', () => {
    assert.throws(() => parseSkillMd('# just markdown'), code('E_MANIFEST_PARSE'));
    assert.throws(() => parseSkillMd('---\nname: x\n---\n'), code('E_MANIFEST_INVALID'));
    assert.throws(
      () => parseSkillMd('---\nname: x\ndescription: d\nversion: one\n---\n'),
      code('E_SEMVER_INVALID'),
    );
    assert.throws(
      () => parseSkillMd('---\nname: x\nname: y\ndescription: d\n---\n'),
      code('E_MANIFEST_PARSE'),
    );
    assert.throws(() => parseSkillMd('---\n- a\n- b\n---\n'), code('E_MANIFEST_INVALID'));
  });

  it('refuses alias bombs (billion laughs) instead of expanding them', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const text = `---\nname: x\ndescription: d\n${lines.join('\n')}\n---\n`;
    assert.throws(() => parseSkillMd(text), code('E_MANIFEST_PARSE'));
  });
});

describe('slugs and versions', () => {
  it('validates slugs', () => {
    for (const ok of ['a', 'web-search', 'x1', 'a-b-c']) assert.equal(validateSlug(ok), ok);
    for (const bad of ['', '..', '../x', 'Web', 'a_b', '-a', 'a-', 'a/b', 'a'.repeat(65), 'wéb']) {
      assert.throws(() => validateSlug(bad), code('E_SLUG_INVALID'), bad);
    }
  });

  it('slugifies names', () => {
    assert.equal(slugify('My Cool Skill!'), 'my-cool-skill');
    assert.equal(slugify('Café  Tools'), 'cafe-tools');
  });

  it('validates strict semver', () => {
    assert.equal(validateVersion('1.2.3'), '1.2.3');
    assert.equal(validateVersion('1.0.0-beta.1'), '1.0.0-beta.1');
    for (const bad of ['1.2', 'v1.2.3', '01.2.3', 'latest', '1.2.3 ']) {
      assert.throws(() => validateVersion(bad), code('E_SEMVER_INVALID'), bad);
    }
  });
});
