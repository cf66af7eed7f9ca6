/** The capability lookup `app.ts` gives the command layer, from the real platform registry. */
import { capabilitiesTable } from '../../src/config/platforms.js';
import { capabilityTable } from '../../src/pipeline/commands/index.js';

/** What each registered platform can do, as the command layer asks it. */
export const registryCapabilities = capabilityTable(capabilitiesTable());
