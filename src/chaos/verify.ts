/**
 * The chaos run's final check: reads the PBX without faults and compares every fact the
 * run could have touched with what the ledger accepts, and counts resources that exist
 * more than once.
 */
import type { PbxClient } from '../../core/client.js';
import type { Fact, Ledger } from './expectation.js';
import type { Findings } from './findings.js';
import { isUser, type Plan } from './plan.js';
import { keys, userFact } from './worker.js';
import type { UserPatchField } from '../../core/inputs.js';

function check(findings: Findings, ledger: Ledger, key: string, actual: Fact): void {
  const expectation = ledger.get(key);
  if (expectation && !expectation.accepts(actual)) {
    findings.lostWrites.push(`${key}: holds ${JSON.stringify(actual) ?? 'nothing'}, expected ${expectation.describe()}`);
  }
}

function countDuplicates(findings: Findings, what: string, values: ReadonlyArray<string | undefined>): void {
  const seen = new Map<string, number>();
  for (const value of values) if (value !== undefined) seen.set(value, (seen.get(value) ?? 0) + 1);
  for (const [value, count] of seen) if (count > 1) findings.duplicates.push(`${what} ${value} exists ${count} times`);
}

export async function verifyFinalState(verifier: PbxClient, plan: Plan, ledger: Ledger, fields: readonly UserPatchField[], findings: Findings): Promise<void> {
  const users = await verifier.users.list({ pageSize: 100 }).toArray();
  countDuplicates(findings, 'user id', users.map((u) => u.id));
  countDuplicates(findings, 'extension', users.map((u) => u.extension));
  countDuplicates(findings, 'email', users.map((u) => u.email?.toLowerCase()));

  for (const worker of plan.workers) {
    for (const owned of worker.users) {
      const user = users.find((u) => u.id === owned.id);
      if (!user) {
        findings.lostWrites.push(`user ${owned.id} disappeared`);
        continue;
      }
      for (const field of fields) check(findings, ledger, keys.userField(owned.id, field), userFact(user, field));
    }
    for (const extension of worker.extensions) check(findings, ledger, keys.created(extension), users.some((u) => u.extension === extension));
  }

  if (plan.team) {
    const members = await verifier.groups.members.list(plan.team.id).toArray();
    countDuplicates(findings, `member of team ${plan.team.id}:`, members.map((m) => m.userId ?? m.extension));
    for (const user of plan.workers.flatMap((w) => w.users)) check(findings, ledger, keys.member(plan.team.id, user.id), members.some((m) => isUser(m, user)));
  }

  const slots = plan.workers.flatMap((w) => [...w.loginSlots, ...w.agentSlots]);
  for (const queueId of new Set(slots.map((s) => s.queueId))) {
    const agents = await verifier.queues.agents(queueId).toArray();
    countDuplicates(findings, `agent of queue ${queueId}:`, agents.map((a) => a.userId ?? a.extension));
    for (const worker of plan.workers) {
      for (const slot of worker.loginSlots.filter((s) => s.queueId === queueId)) {
        check(findings, ledger, keys.login(slot), agents.find((a) => isUser(a, slot.user))?.loggedIn);
      }
      for (const slot of worker.agentSlots.filter((s) => s.queueId === queueId)) {
        check(findings, ledger, keys.agent(slot), agents.some((a) => isUser(a, slot.user)));
      }
    }
  }
}
