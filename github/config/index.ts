export { loadConfig, resolveConfig, configCache, CONFIG_TTL_MS } from './load.js';
export { contentsConfigReader, mergeConfigs, type ConfigRead, type ConfigReader } from './reader.js';
export { ConfigError, formatConfigProblem } from './errors.js';
export { readRepoFile, isNotFound } from './contents.js';
export { CONFIG_FILE, DEFAULTS, TIERS, label, type AssureConfig, type ArtefactSourceConfig, type Mode, type Tier } from './types.js';
