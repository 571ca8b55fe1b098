/** Declarative provisioning: a desired-state document, `plan`, `apply` and `exportState` (docs/provisioning.md). */
export { DesiredAgentSchema, DesiredQueueSchema, DesiredStateSchema, DesiredTeamSchema, DesiredUserSchema, desiredStateJsonSchema, formatDesiredState, parseDesiredState, type DesiredQueue, type DesiredState, type DesiredTeam, type DesiredUser } from './document.js';
export { diff, plan, type FieldChange, type Plan, type PlanAction, type PlanOptions } from './plan.js';
export { apply, type ActionResult, type ApplyOptions, type ApplyProgress, type ApplyReport } from './apply.js';
export { exportState, type ExportResult } from './export.js';
export { cannot, readState, type CurrentQueue, type CurrentState, type CurrentTeam, type ReadOptions, type Unsupported } from './state.js';
export { describeAction, describePlan, describeReport, describeUnsupported } from './render.js';
