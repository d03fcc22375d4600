import type { CapabilityManifest } from "./manifest";
import { structureManifest } from "./structure/manifest";
import { financeManifest } from "./finance/manifest";

/** Every capability, in the order of the capability graph. */
export const MANIFESTS: readonly CapabilityManifest[] = [
  structureManifest,
  financeManifest,
];
