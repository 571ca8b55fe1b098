/**
 * `unipbx completion bash|zsh|fish`: a shell completion script for the command tree as it
 * is (commands, subcommands and options, those added by other commands included), generated
 * from the program itself so it never goes stale.
 *
 *   bash: `source <(unipbx completion bash)` (or save it to /etc/bash_completion.d/unipbx)
 *   zsh:  `source <(unipbx completion zsh)` (uses zsh's bashcompinit)
 *   fish: `unipbx completion fish > ~/.config/fish/completions/unipbx.fish`
 */
import type { Command, Option } from 'commander';
import type { Runtime } from '../context.js';
import { usageError } from '../errors.js';

interface Node {
  /** Space-separated command path below the program: `''`, `users`, `users delete`. */
  readonly path: string;
  readonly subcommands: ReadonlyArray<{ name: string; description: string }>;
  readonly options: readonly Option[];
}

function nodes(command: Command, path = ''): Node[] {
  const visible = command.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
  const here: Node = { path, subcommands: visible.map((c) => ({ name: c.name(), description: c.description() })), options: command.options };
  return [here, ...visible.flatMap((c) => nodes(c, path ? `${path} ${c.name()}` : c.name()))];
}

const flags = (options: readonly Option[]): string[] => options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined));
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(program: Command): string {
  const all = nodes(program);
  const global = flags(program.options).concat(['--help']);
  const cases = (pick: (n: Node) => string) => all.map((n) => `    ${quote(n.path)}) echo ${quote(pick(n))} ;;`).join('\n');
  return `# unipbx bash completion: source <(unipbx completion bash)
_unipbx_subcommands() {
  case "$1" in
${cases((n) => n.subcommands.map((s) => s.name).join(' '))}
  esac
}
_unipbx_options() {
  case "$1" in
${cases((n) => flags(n.options).join(' '))}
  esac
}
_unipbx() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ $word == -* ]] && continue
    case " $(_unipbx_subcommands "$path") " in
      *" $word "*) path="\${path:+$path }$word" ;;
    esac
  done
  if [[ $cur == -* ]]; then
    COMPREPLY=( $(compgen -W "$(_unipbx_options "$path") ${global.join(' ')}" -- "$cur") )
  else
    COMPREPLY=( $(compgen -W "$(_unipbx_subcommands "$path")" -- "$cur") )
  fi
}
complete -o default -F _unipbx unipbx
`;
}

function fish(program: Command): string {
  const lines = ['# unipbx fish completion: unipbx completion fish > ~/.config/fish/completions/unipbx.fish', 'complete -c unipbx -f'];
  for (const node of nodes(program)) {
    const words = node.path === '' ? [] : node.path.split(' ');
    const inside = words.map((w) => `__fish_seen_subcommand_from ${w}`);
    const condition = (extra: string[]) => ([...inside, ...extra].length > 0 ? ` -n ${quote([...inside, ...extra].join('; and '))}` : '');
    const names = node.subcommands.map((s) => s.name);
    const notDeeper = names.length > 0 ? [`not __fish_seen_subcommand_from ${names.join(' ')}`] : [];
    for (const sub of node.subcommands) lines.push(`complete -c unipbx${condition(node.path === '' ? ['__fish_use_subcommand'] : notDeeper)} -a ${quote(sub.name)} -d ${quote(sub.description)}`);
    for (const option of node.options) {
      const long = option.long ? ` -l ${option.long.replace(/^--/, '')}` : '';
      const short = option.short ? ` -s ${option.short.replace(/^-/, '')}` : '';
      const value = option.required || option.optional ? ' -r' : '';
      lines.push(`complete -c unipbx${condition([])}${long}${short}${value} -d ${quote(option.description)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Adds `completion <shell>` to the program. */
export function registerCompletion(program: Command, rt: Runtime): void {
  program
    .command('completion')
    .description('print a shell completion script: bash, zsh or fish (see `unipbx completion --help`)')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', '\nbash: source <(unipbx completion bash)\nzsh:  source <(unipbx completion zsh)\nfish: unipbx completion fish > ~/.config/fish/completions/unipbx.fish')
    .action(async (shell: string) => {
      switch (shell) {
        case 'bash':
          return rt.io.out(bash(program));
        case 'zsh':
          return rt.io.out(`#compdef unipbx\n# unipbx zsh completion (through bashcompinit): source <(unipbx completion zsh)\nautoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n${bash(program)}`);
        case 'fish':
          return rt.io.out(fish(program));
        default:
          throw usageError(`no completion for the shell "${shell}"`, 'use bash, zsh or fish');
      }
    });
}
