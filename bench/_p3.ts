const R = '/work/wt/sandbox/src/sandbox/';
const { detectCapabilities } = await import(R + 'capabilities.ts');
const { resolvePolicy } = await import(R + 'policy/resolve.ts');
const { runSandboxed } = await import(R + 'run.ts');
const caps = detectCapabilities();
const pol = resolvePolicy({});
for (let i = 0; i < 60; i++) await runSandboxed(pol, ['/bin/true'], { audit: false, caps });
