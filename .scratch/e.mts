import { resolvePolicy } from '../src/sandbox/policy/resolve.ts';
import { findMasks, hostLayout } from '../src/sandbox/masks.ts';
const p = resolvePolicy({ filesystem: { rules: [{ path: '/' }] } });
const m = findMasks(p, ['/tmp/x']);
console.log(m.filter((x) => x.path.startsWith('/tmp')).slice(0, 5), m.length);
console.log(hostLayout().topLevel);
