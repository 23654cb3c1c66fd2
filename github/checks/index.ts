export { runCheck, rerunChecks, reportConfigError, serialise, type CheckTarget, type CheckResult, type CheckDeps } from './run.js';
export { evaluateDesign, repositoryReader, type DesignOutcome, type ExemptionLoader } from './design.js';
export { loadArtefactSources, artefactCache, ArtefactSourceError, ARTEFACT_TTL_MS, type LoadedArtefacts } from './artefacts.js';
export { upsertPullComment, findPullComment, PR_COMMENT_MARKER } from './comment.js';
export { CHECK_NAME, REQUEST_EXCEPTION, MAX_ANNOTATIONS, designReport, type CheckReport, type Annotation, type Conclusion } from './report.js';
