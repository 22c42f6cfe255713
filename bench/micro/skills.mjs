import { hasDist, importDist } from './dist.mjs';
import { SKILL_MD, skillFiles } from './fixture.mjs';
import { registerMicro } from './registry.mjs';

registerMicro({
  id: 'skills.parse',
  title: 'parse + validate one SKILL.md (YAML frontmatter, schema, OpenClaw metadata)',
  available: async () => hasDist('skills/manifest.js'),
  setup: async () => {
    const { parseSkillMd } = await importDist('skills/manifest.js');
    return () => parseSkillMd(SKILL_MD);
  },
});

registerMicro({
  id: 'skills.fingerprint',
  title: 'bundle fingerprint of a 10-file skill (sha256 per file + ClawHub ordering)',
  available: async () => hasDist('skills/bundle.js') && hasDist('skills/fingerprint.js'),
  setup: async () => {
    const { bundleFromFiles } = await importDist('skills/bundle.js');
    const { bundleFingerprint } = await importDist('skills/fingerprint.js');
    const files = skillFiles();
    // Hashing each file is part of fingerprinting, so bundleFromFiles (which hashes) runs every iteration.
    return () => bundleFingerprint(bundleFromFiles(files).files);
  },
});
