import type { ConformanceCheck } from "./conformance-check";
import { allocationCheck } from "./checks/allocation";
import { badShapeCheck, badWriteCheck } from "./checks/bad-input";
import { chunkedGenerationCheck } from "./checks/chunked-generation";
import { disposeCheck } from "./checks/dispose";
import { fillCheck } from "./checks/fill";
import { identityCheck } from "./checks/identity";
import { leakCheck } from "./checks/leaks";
import { missingCapabilityCheck } from "./checks/missing-capability";
import { randomStatisticsCheck } from "./checks/random-statistics";
import { copySemanticsCheck, independenceCheck, offsetWriteCheck, roundTripCheck } from "./checks/round-trip";
import { sampleReferenceCheck } from "./checks/sample-reference";
import { knownAnswerCheck } from "./checks/known-answers";
import { hostFallbackCheck } from "./checks/without-sample";
import { runCommitCheck, runRollBackCheck } from "./checks/run-lifecycle";
import { specVersionCheck } from "./checks/spec-version";

/**
 * Every check of the conformance suite, in the order they run. Ids are stable:
 * `identity`, `spec-version`, `allocate-every-rank`, `round-trip`, `write-at-offsets`, `copy-semantics`,
 * `independent-storages`, `fill`, `dispose`, `reject-bad-writes`, `reject-bad-shapes`,
 * `sample-matches-reference`, `known-answers`, `random-statistics`, `chunked-generation`, `host-fallback`,
 * `missing-capability`, `run-commit`, `run-roll-back`, `no-leaks`.
 * @example
 * BACKEND_CONFORMANCE_CHECKS.map((check) => check.id);
 */
export const BACKEND_CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  identityCheck,
  specVersionCheck,
  allocationCheck,
  roundTripCheck,
  offsetWriteCheck,
  copySemanticsCheck,
  independenceCheck,
  fillCheck,
  disposeCheck,
  badWriteCheck,
  badShapeCheck,
  sampleReferenceCheck,
  knownAnswerCheck,
  randomStatisticsCheck,
  chunkedGenerationCheck,
  hostFallbackCheck,
  missingCapabilityCheck,
  runCommitCheck,
  runRollBackCheck,
  leakCheck,
];
