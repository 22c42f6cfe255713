// One import per area; each file registers its own micro-benchmarks.
import './skills.mjs';
import './signing.mjs';
