/** `alicloud-keypair validate`: a name and a public key checked by the provider's own rules, with their rule ids. */
import { Service } from '../provider/serviceFacts';
import { validateKeyPairName, validatePublicKey } from '../provider/validation';
import { EXIT_INVALID, EXIT_OK, parseArguments, Streams, UsageError } from './arguments';
import { readKeyText } from './readInput';

export const VALIDATE_HELP = `Usage: alicloud-keypair validate [--json] [--service ecs|ens] [--name NAME] [--public-key FILE]

Checks a key-pair name and/or a public key (FILE, or - for standard input) with the same rules and messages as the
provider's preview. --service defaults to ecs (ECS accepts RSA, DSA, ECDSA; ENS accepts ssh-rsa only).
Exit 0 when valid (prints 'valid'); exit 1 with one line per problem on standard error otherwise.
  --json  print {"valid": true|false, "problems": [{"field", "rule", "message"}]} on standard output instead
Example: alicloud-keypair validate --json --service ens --name edge-key --public-key id_rsa.pub`;

/** One problem found by validate: which input, which rule, what to do. */
interface Problem {
  field: 'keyPairName' | 'publicKey';
  rule: string;
  message: string;
}

export function validateCommand(args: string[], { out, err }: Streams): number {
  const { options, positionals } = parseArguments(args, ['service', 'name', 'public-key'], ['json', 'help', 'h']);
  if (options.help || options.h) return (out(VALIDATE_HELP), EXIT_OK);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const service = (options.service ?? 'ecs') as string;
  if (service !== 'ecs' && service !== 'ens') throw new UsageError('--service must be ecs or ens');
  if (options.name === undefined && options['public-key'] === undefined) {
    throw new UsageError('validate needs --name and/or --public-key');
  }
  const problems: Problem[] = [];
  if (typeof options.name === 'string') {
    problems.push(...validateKeyPairName(options.name).map((f) => ({ field: 'keyPairName' as const, rule: f.rule, message: f.reason })));
  }
  if (typeof options['public-key'] === 'string') {
    const { failure } = validatePublicKey(service as Service, readKeyText(options['public-key']));
    if (failure) problems.push({ field: 'publicKey', rule: failure.rule, message: failure.reason });
  }
  if (options.json) out(JSON.stringify({ valid: problems.length === 0, problems }));
  else if (problems.length === 0) out('valid');
  else problems.forEach((p) => err(p.message));
  return problems.length === 0 ? EXIT_OK : EXIT_INVALID;
}
