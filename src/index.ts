// The engine's most used entry points, gathered for one import; everything else is imported from its own module.
export * from './types.js';
export { parseManifest, manifestFromData, type Manifest, type ManifestOutcome } from './manifest/load.js';
export { attachRegisters, registerPath, type ReadFile } from './manifest/registers.js';
export { loadArtefacts, isArtefactFile, type ArtefactSet } from './artefacts/load.js';
export { readArtefactDir, builtinArtefactFiles } from './artefacts/files.js';
export type { Artefact, Rule } from './artefacts/model.js';
export { evaluate, type EvaluateOptions } from './engine/evaluate.js';
export { inForce, lastDay } from './engine/exemptions.js';
export { calendarDate, fixedClock, systemClock, instantOf, isTimeZone, DEFAULT_TIME_ZONE, type Clock } from './time/clock.js';
export { isCalendarDate, addDays, daysBetween } from './time/dates.js';
export { decodeUtf8, type SourceFile } from './source.js';
export { formatPath } from './paths/jsonpath.js';
export { packageRoot, packageVersion } from './package-root.js';
