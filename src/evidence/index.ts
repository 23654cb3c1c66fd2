// Evidence: what a repository shows about its own design. The API the front doors use.
export type { Evidence, EvidenceHint, EvidenceNote, Fact, Observation, RepositoryFile, RepositoryFiles } from './types.js';
export type { Collector } from './collector.js';
export { BUILTIN_COLLECTORS } from './collectors/index.js';
export { collectEvidence, DEFAULT_MAX_FILES_PER_COLLECTOR, PLATFORM_UNAVAILABLE, type CollectOptions } from './run.js';
export { diskRepositoryFiles, DEFAULT_TREE_CAPS, type TreeCaps } from './disk.js';
export { collectFromDirectory, type DirectoryOptions } from './directory.js';
export { platformFacts, type PlatformSettings, type BranchRules } from './platform.js';
export { evidenceHints } from './hints.js';
export { loadCollectors, readCollectorDir, COLLECTORS_FOLDER } from './organisation.js';
export { buildObservation } from './observation.js';
export { starterManifest } from './starter.js';
export { renderFacts, factsAsJson } from './render.js';
