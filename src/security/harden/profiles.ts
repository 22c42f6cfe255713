/**
 * Per-role sandbox profiles written by `weft security harden`. Each is a
 * valid agent config (`[sandbox]` table), so `weft sandbox run --policy FILE`
 * and agent configs can use it as is. Landlock enforces the filesystem rules;
 * every profile runs under the same mandatory seccomp deny filter.
 */
export const ROLE_PROFILES: Record<string, string> = {
  readonly: `# weft profile: readonly — read the workspace, write nothing, no network, no shell.
[sandbox]
sandbox_type = "os"

[sandbox.tools]
allowed = ["Read", "Glob", "Grep"]

[[sandbox.filesystem.rules]]
path = "."
writable = false

[sandbox.limits]
wall_seconds = 30
memory_mb = 512
pids = 32
`,
  file_worker: `# weft profile: file_worker — read and write the workspace, no network.
[sandbox]
sandbox_type = "os"

[sandbox.tools]
allowed = ["Read", "Write", "Edit", "Glob", "Grep", "Bash"]
denied = ["WebFetch", "WebSearch"]

[[sandbox.filesystem.rules]]
path = "."
writable = true

[sandbox.limits]
wall_seconds = 120
memory_mb = 1024
pids = 128
`,
  network_agent: `# weft profile: network_agent — fetch from named HTTPS hosts, no shell, read-only workspace.
# Add [[sandbox.network.rules]] entries for the hosts this agent needs.
[sandbox]
sandbox_type = "os"

[sandbox.tools]
allowed = ["Read", "Glob", "Grep", "WebFetch", "WebSearch"]
denied = ["Bash", "Write", "Edit"]

[[sandbox.filesystem.rules]]
path = "."
writable = false

[sandbox.limits]
wall_seconds = 60
memory_mb = 512
pids = 64
`,
  full_agent: `# weft profile: full_agent — every tool, writable workspace, named HTTPS hosts only.
# The mandatory deny list (~/.ssh, ~/.aws, .env*, agent configs, VCS hooks, shell rc files) still applies.
[sandbox]
sandbox_type = "combined"

[[sandbox.filesystem.rules]]
path = "."
writable = true

[sandbox.limits]
wall_seconds = 300
memory_mb = 2048
pids = 256
`,
};
