/** Plans and apply reports as text for people (the CLI prints these; `--json` prints the objects). */
import type { ApplyReport } from './apply.js';
import type { FieldChange, Plan, PlanAction } from './plan.js';
import type { Unsupported } from './state.js';

const show = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));

function change(c: FieldChange): string {
  return `${c.field} ${c.from === undefined ? '(unset)' : show(c.from)} -> ${show(c.to)}`;
}

/** One line per action: `+` adds, `~` changes, `-` removes. */
export function describeAction(action: PlanAction): string {
  switch (action.kind) {
    case 'user.create':
      return `+ create user ${action.user} (${action.input.displayName} <${action.input.email}>)`;
    case 'user.update':
      return `~ update user ${action.user}: ${action.changes.map(change).join(', ')}`;
    case 'user.delete':
      return `- delete user ${action.user}`;
    case 'team.create':
      return `+ create team ${action.team}`;
    case 'member.add':
      return `+ add ${action.user} to team ${action.team}`;
    case 'member.remove':
      return `- remove ${action.user} from team ${action.team}`;
    case 'agent.add':
      return `+ add agent ${action.user} to queue ${action.queue}${action.skillLevel !== undefined ? ` (skill ${action.skillLevel})` : ''}`;
    case 'agent.update':
      return `~ agent ${action.user} in queue ${action.queue}: skill ${action.from ?? '(unset)'} -> ${action.skillLevel}`;
    case 'agent.remove':
      return `- remove agent ${action.user} from queue ${action.queue}`;
  }
}

/** Unsupported entries grouped by operation, field and reason, with a few of their subjects. */
export function describeUnsupported(list: readonly Unsupported[]): string[] {
  const groups = new Map<string, Unsupported[]>();
  for (const u of list) {
    const id = `${u.operation}|${u.field ?? ''}|${u.reason}`;
    groups.set(id, [...(groups.get(id) ?? []), u]);
  }
  return [...groups.values()].map((entries) => {
    const { operation, field, reason } = entries[0] as Unsupported;
    const subjects = entries.slice(0, 3).map((e) => e.subject).join(', ') + (entries.length > 3 ? `, … (${entries.length} in all)` : '');
    return `${operation}${field ? ` ${field}` : ''} — ${subjects}: ${reason}`;
  });
}

export function describePlan(plan: Plan): string {
  const lines = [`Plan for ${plan.vendor}:`];
  lines.push(...(plan.actions.length ? plan.actions.map((a) => `  ${describeAction(a)}`) : ['  nothing to change']));
  const u = plan.unchanged;
  lines.push(`Unchanged: ${u.users} users, ${u.teams} teams, ${u.queues} queues.`);
  if (plan.unsupported.length) lines.push(`Cannot do on ${plan.vendor} (not attempted):`, ...describeUnsupported(plan.unsupported).map((l) => `  ${l}`));
  if (plan.problems.length) lines.push('Problems (not attempted):', ...plan.problems.map((p) => `  ${p}`));
  lines.push(`${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

export function describeReport(report: ApplyReport): string {
  const c = report.counts;
  const lines = [`Applied on ${report.vendor}: ${c.done} done, ${c.failed} failed, ${c.unknown} outcome unknown${c.skipped ? `, ${c.skipped} not run (interrupted)` : ''}.`];
  for (const r of report.results.filter((x) => x.status !== 'done')) lines.push(`  ${r.status === 'failed' ? 'failed' : 'unknown'}: ${describeAction(r.action)} — ${r.error?.message ?? ''}`);
  if (report.unsupported.length) lines.push(`Not attempted (${report.vendor} cannot):`, ...describeUnsupported(report.unsupported).map((l) => `  ${l}`));
  if (report.problems.length) lines.push('Not attempted (problems):', ...report.problems.map((p) => `  ${p}`));
  return `${lines.join('\n')}\n`;
}
