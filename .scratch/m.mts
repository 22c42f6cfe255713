import { macosProfile } from '../src/sandbox/macos.ts';
import { resolvePolicy } from '../src/sandbox/policy/resolve.ts';
const policy = resolvePolicy({ filesystem: { rules: [{ path: '/Users/u/data' }, { path: '/Users/u/out', writable: true }] }, network: { rules: [{ host: 'api.example.com' }] } }, undefined, { home: '/Users/u', platform: 'darwin' });
console.log(macosProfile(policy, { workdir: '/Users/u/ws', proxyPort: 40123 }));
