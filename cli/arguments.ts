/**
 * What every subcommand shares: exit codes, the two kinds of failure (usage, input), the output streams, and the
 * parsing of `--flag value`, `--flag=value` and positionals.
 */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}
/** Input that cannot be used: exit 1, the reason on standard error. */
export class InputError extends Error {}

/** Where the command writes: results and diagnostics apart. */
export interface Streams {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Parses `--flag value`, `--flag=value` and positionals; `booleans` take no value. */
export function parseArguments(
  args: string[],
  valued: string[],
  booleans: string[],
): { options: Record<string, string | true>; positionals: string[] } {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    const [flag, inlineValue] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const name = flag.replace(/^--?/, '');
    if (booleans.includes(name)) {
      if (inlineValue !== undefined) throw new UsageError(`--${name} takes no value`);
      options[name] = true;
    } else if (valued.includes(name)) {
      const value = inlineValue ?? args[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      options[name] = value;
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }
  }
  return { options, positionals };
}
