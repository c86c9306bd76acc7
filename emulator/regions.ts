/**
 * The regions the emulated ECS knows: Alibaba's public regions. A RegionId outside them answers 404
 * InvalidRegionId.NotFound, as ECS does.
 */
import { KNOWN_REGIONS } from '../provider/regions';

/** Regions the emulated ECS knows (Alibaba's public regions). */
export const DEFAULT_REGIONS: string[] = [...KNOWN_REGIONS];
