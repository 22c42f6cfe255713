import { type AuditCheck, modeStr } from '../check.js';

/** File permissions and ownership of the state directory and its secrets. */
export const fileChecks: AuditCheck[] = [
  {
    id: 'fs.state_dir.perms_open',
    severity: 'medium',
    title: 'State directory is accessible to other users',
    fix: 'chmod 700 the state directory (weft security harden does this).',
    fixable: true,
    run: (s) =>
      s.stateDir.exists && !s.stateDir.isSymlink && s.stateDir.mode & 0o077
        ? [{ detail: `${s.home} has mode ${modeStr(s.stateDir.mode)}`, path: s.home }]
        : [],
  },
  {
    id: 'fs.state_dir.symlink',
    severity: 'high',
    title: 'State or key directory is a symlink',
    fix: 'Replace the symlink with a real directory owned by you; a link lets whoever controls its target read your keys.',
    fixable: false,
    run: (s) =>
      [s.stateDir, s.keysDir]
        .filter((f) => f.isSymlink)
        .map((f) => ({ detail: `${f.path} is a symlink`, path: f.path })),
  },
  {
    id: 'fs.state_dir.foreign_owner',
    severity: 'high',
    title: 'State directory is owned by another user',
    fix: 'chown the state directory to the user that runs weft.',
    fixable: false,
    run: (s) =>
      s.stateDir.exists && s.uid >= 0 && s.stateDir.uid !== s.uid
        ? [{ detail: `${s.home} is owned by uid ${s.stateDir.uid}, weft runs as ${s.uid}`, path: s.home }]
        : [],
  },
  {
    id: 'fs.keys.dir_perms_open',
    severity: 'medium',
    title: 'Key directory is accessible to other users',
    fix: 'chmod 700 ~/.clawft/keys.',
    fixable: true,
    run: (s) =>
      s.keysDir.exists && !s.keysDir.isSymlink && s.keysDir.mode & 0o077
        ? [{ detail: `${s.keysDir.path} has mode ${modeStr(s.keysDir.mode)}`, path: s.keysDir.path }]
        : [],
  },
  {
    id: 'fs.keys.perms_world_readable',
    severity: 'critical',
    title: 'Signing key is readable by every user',
    fix: 'chmod 600 the key, then rotate it: anyone on the machine may have copied it.',
    fixable: true,
    run: (s) =>
      s.privateKeys
        .filter((k) => !k.isSymlink && k.mode & 0o006)
        .map((k) => ({ detail: `${k.path} has mode ${modeStr(k.mode)}`, path: k.path })),
  },
  {
    id: 'fs.keys.perms_group_readable',
    severity: 'high',
    title: 'Signing key is readable by its group',
    fix: 'chmod 600 the key.',
    fixable: true,
    run: (s) =>
      s.privateKeys
        .filter((k) => !k.isSymlink && k.mode & 0o060 && !(k.mode & 0o006))
        .map((k) => ({ detail: `${k.path} has mode ${modeStr(k.mode)}`, path: k.path })),
  },
  {
    id: 'fs.keys.symlink',
    severity: 'high',
    title: 'Signing key is a symlink',
    fix: 'Store the key as a regular 0600 file under ~/.clawft/keys.',
    fixable: false,
    run: (s) =>
      s.privateKeys
        .filter((k) => k.isSymlink)
        .map((k) => ({ detail: `${k.path} is a symlink`, path: k.path })),
  },
  {
    id: 'fs.credentials.perms_readable',
    severity: 'critical',
    title: 'Registry token file is readable by other users',
    fix: 'chmod 600 the credentials file and rotate the token (weft hub token create; weft login --token).',
    fixable: true,
    run: (s) =>
      s.credentials.exists && s.credentials.mode & 0o077
        ? [
            {
              detail: `${s.credentials.path} has mode ${modeStr(s.credentials.mode)}`,
              path: s.credentials.path,
            },
          ]
        : [],
  },
  {
    id: 'fs.trust.perms_writable',
    severity: 'high',
    title: 'Trust store is writable by other users',
    fix: 'chmod 600 trust.json: whoever can write it can pin their own publisher keys.',
    fixable: true,
    run: (s) =>
      s.trust.exists && s.trust.mode & 0o022
        ? [{ detail: `${s.trust.path} has mode ${modeStr(s.trust.mode)}`, path: s.trust.path }]
        : [],
  },
  {
    id: 'fs.trust.corrupt',
    severity: 'high',
    title: 'Trust store cannot be read',
    fix: 'Fix or remove trust.json; pins are re-learned on the next verified install.',
    fixable: false,
    run: (s) => (s.trustError ? [{ detail: s.trustError, path: s.trust.path }] : []),
  },
  {
    id: 'fs.agent_config.perms_writable',
    severity: 'high',
    title: 'Agent config is writable by other users',
    fix: 'chmod 600 the config: whoever can write it can widen the sandbox policy.',
    fixable: true,
    run: (s) =>
      s.agents
        .filter((a) => a.configFile?.exists && a.configFile.mode & 0o022)
        .map((a) => ({
          detail: `${a.configPath} has mode ${modeStr(a.configFile?.mode ?? 0)}`,
          path: a.configPath,
          agentId: a.id,
        })),
  },
  {
    id: 'audit.log_world_readable',
    severity: 'medium',
    title: 'Audit log is readable by every user',
    fix: 'chmod 700 the audit directory and 600 its files: it records what agents read and where they connect.',
    fixable: true,
    run: (s) => {
      const hits = s.auditFiles
        .filter((f) => !f.isDir && f.mode & 0o004)
        .map((f) => ({ detail: `${f.path} has mode ${modeStr(f.mode)}`, path: f.path }));
      if (s.auditDir.exists && s.auditDir.mode & 0o005 && s.auditFiles.length > 0) {
        hits.unshift({
          detail: `${s.auditDir.path} has mode ${modeStr(s.auditDir.mode)}`,
          path: s.auditDir.path,
        });
      }
      return hits;
    },
  },
  {
    id: 'audit.dir_writable_by_others',
    severity: 'high',
    title: 'Audit log can be rewritten by other users',
    fix: 'chmod 700 the audit directory so the record cannot be forged or erased.',
    fixable: true,
    run: (s) =>
      s.auditDir.exists && s.auditDir.mode & 0o022
        ? [{ detail: `${s.auditDir.path} has mode ${modeStr(s.auditDir.mode)}`, path: s.auditDir.path }]
        : [],
  },
  {
    id: 'audit.log_missing',
    severity: 'info',
    title: 'No audit log yet',
    fix: 'Nothing to do until an agent or `weft sandbox run` records events.',
    fixable: false,
    run: (s) =>
      s.agents.length > 0 && !s.auditDir.exists ? [{ detail: `${s.auditDir.path} does not exist` }] : [],
  },
];
