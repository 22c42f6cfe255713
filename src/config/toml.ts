import { readFile } from 'node:fs/promises';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { z } from 'zod';
import { WeftError } from '../errors.js';

/**
 * Parse TOML text and validate it against a schema. Both syntax and schema
 * errors name the file, the line and the key, because "invalid config" alone
 * sends people hunting.
 */
export function parseTomlWith<S extends z.ZodType>(text: string, schema: S, file: string): z.output<S> {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (err) {
    if (err instanceof TomlError) {
      const firstLine = err.message.split('\n')[0] ?? err.message;
      throw new WeftError('E_CONFIG_PARSE', `${file}:${err.line}:${err.column}: ${firstLine}`, {
        file,
        line: err.line,
        column: err.column,
      });
    }
    throw err;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.map(String).join('.');
    const line = locateTomlKey(text, issue.path.map(String));
    const where = line ? `${file}:${line}` : file;
    throw new WeftError('E_CONFIG_INVALID', `${where}: ${key || '(root)'}: ${issue.message}`, {
      file,
      line,
      key,
      issues: result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    });
  }
  return result.data;
}

export async function loadTomlFile<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const errno = (err as NodeJS.ErrnoException).code;
    throw new WeftError(
      errno === 'ENOENT' ? 'E_NOT_FOUND' : 'E_IO',
      `${path}: cannot read config (${errno ?? 'error'})`,
      { file: path },
      { cause: err },
    );
  }
  return parseTomlWith(text, schema, path);
}

/**
 * Best-effort line number for a key path such as ["sandbox", "network", "rules", 0, "host"].
 * smol-toml keeps no positions, so we walk the text: table headers narrow the
 * scope, and the last non-numeric segment is looked up as `key =` inside it.
 * Returns undefined when the key is not literally present (e.g. a missing key).
 */
export function locateTomlKey(text: string, path: string[]): number | undefined {
  const names = path.filter((p) => !/^\d+$/.test(p));
  if (names.length === 0) return undefined;
  const lines = text.split(/\r?\n/);
  const leaf = names[names.length - 1]!;
  const parents = names.slice(0, -1).join('.');
  let table = '';
  let fallback: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
    if (header) {
      table = header[1]!.replace(/\s+/g, '');
      if (`${table}` === names.join('.')) return i + 1;
      continue;
    }
    const kv = /^("?)([A-Za-z0-9_.-]+)\1\s*=/.exec(line);
    if (!kv) continue;
    const full = table ? `${table}.${kv[2]}` : kv[2]!;
    if (full === names.join('.')) return i + 1;
    if (kv[2] === leaf && table === parents) return i + 1;
    if (kv[2] === leaf && fallback === undefined) fallback = i + 1;
  }
  return fallback;
}
