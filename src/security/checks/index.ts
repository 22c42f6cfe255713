/** Every check, in report order. Adding a check = adding it to its category file. */
import type { Check } from '../types.js';
import { CA_CHECKS } from './ca.js';
import { CR_CHECKS } from './cr.js';
import { DS_CHECKS } from './ds.js';
import { EX_CHECKS } from './ex.js';
import { ID_CHECKS } from './id.js';
import { IP_CHECKS } from './ip.js';
import { PE_CHECKS } from './pe.js';
import { PI_CHECKS } from './pi.js';
import { SC_CHECKS } from './sc.js';
import { US_CHECKS } from './us.js';

export const CHECKS: Check[] = [
  ...PI_CHECKS,
  ...EX_CHECKS,
  ...CR_CHECKS,
  ...PE_CHECKS,
  ...US_CHECKS,
  ...SC_CHECKS,
  ...DS_CHECKS,
  ...IP_CHECKS,
  ...ID_CHECKS,
  ...CA_CHECKS,
];
