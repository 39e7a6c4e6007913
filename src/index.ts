// The policyc library API. The CLI (src/cli) is a thin layer over these functions.

export { checkPolicy, serializePolicy, MAIN_FILE } from './compile.js';
export type { CheckResult, CompileOptions, PolicyFile, PolicyInput } from './compile.js';
export { emitPolicy } from './emit/emit-policy.js';
export type { OutputFile } from './emit/emit-policy.js';
export { explainRole } from './explain/explain-role.js';
export { CATALOGUE, RULES } from './diagnostics/catalogue.js';
export type { Rule, Severity } from './diagnostics/catalogue.js';
export type { Diagnostic } from './diagnostics/diagnostic.js';
export { formatGithub, formatJson, formatPretty, FORMATS } from './diagnostics/format.js';
export type { Format } from './diagnostics/format.js';
export { formatSarif } from './diagnostics/format-sarif.js';
export type { SarifOptions } from './diagnostics/format-sarif.js';
export type * from './ir.js';
export { diffPolicies, diffPolicy, DIFF_SECTIONS } from './diff/diff-policy.js';
export type { DiffReport, NamedPolicy } from './diff/diff-policy.js';
export type { Change, ChangeKind, ChangeValue, Impact } from './diff/change.js';
export type { DiffContext, DiffSection, PolicySide } from './diff/section.js';
export { DIFF_FORMATS, formatDiffJson, formatDiffMarkdown, formatDiffText } from './diff/format-diff.js';
export type { DiffFormat } from './diff/format-diff.js';
export { fileKind, formatSource, LINE_WIDTH } from './fmt/format.js';
export type { FileKind, FormatOptions, FormatResult } from './fmt/format.js';
export { runCli } from './cli/run.js';
export { readPolicyDir } from './cli/read-policy.js';
export { startWatch } from './cli/watch.js';
export type { RebuildEvent, WatchHandle, WatchOptions } from './cli/watch.js';
