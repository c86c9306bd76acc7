/**
 * `alicloud-keypair emulator-ctl`: drive a running emulator's control API from a shell — list its key pairs, and
 * make drift on demand (delete one, import another key under its name, tag it, bind it to instances), so a user can
 * watch `pulumi refresh` and `pulumi preview` notice a change made outside Pulumi.
 */
import * as fs from 'fs';
import { EXIT_OK, InputError, parseArguments, Streams, UsageError } from './arguments';

export const EMULATOR_CTL_HELP = `Usage: alicloud-keypair emulator-ctl [--url URL] <action> [options]

Changes a running emulator behind Pulumi's back (drift on demand), through its control API.
--url URL                 the emulator (default: ALIBABA_CLOUD_ENDPOINT_ECS, else http://127.0.0.1:8080)

Actions:
  list [--account ID]                                    the key pairs it holds, as JSON
  delete --name NAME [--region R] [--service ecs|ens] [--account ID]
                                                         delete a key pair, as in the console
  import --name NAME --public-key FILE [--region R] [--service ecs|ens] [--account ID]
                                                         import another key under the name (replacing it)
  tag --name NAME --tags JSON [--region R] [--account ID]
                                                         set tags ({"env":"prod"}; null removes a tag)
  attach --name NAME [--region R] [--instance ID] [--release-after-ms N] [--account ID]
                                                         bind it to an instance (delete is refused until released)
  instances [--account ID]                               the instances it holds and their key pairs, as JSON
  run-instance [--instance ID] [--region R] [--name NAME] [--key-pair NAME] [--service ecs|ens] [--windows]
               [--account ID]                            make an instance (default: a new id), optionally bound
  release-instance --instance ID [--account ID]          release it: it is gone, its key pair no longer bound
  reset                                                  empty every account, clear faults and the request log

Example: alicloud-keypair emulator-ctl import --name deploy-key --public-key ~/.ssh/other.pub`;

const ACTIONS: Readonly<Record<string, { path: string; method: 'GET' | 'POST' }>> = {
  list: { path: '/__emulator/keypairs', method: 'GET' },
  delete: { path: '/__emulator/keypairs/delete', method: 'POST' },
  import: { path: '/__emulator/keypairs/import', method: 'POST' },
  tag: { path: '/__emulator/keypairs/tag', method: 'POST' },
  attach: { path: '/__emulator/attach', method: 'POST' },
  instances: { path: '/__emulator/instances', method: 'GET' },
  'run-instance': { path: '/__emulator/instances', method: 'POST' },
  'release-instance': { path: '/__emulator/instances/release', method: 'POST' },
  reset: { path: '/__emulator/reset', method: 'POST' },
};

/** The JSON body of an instance action from its options. */
function instanceBodyOf(action: string, options: Record<string, string | true>): Record<string, unknown> {
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  if (action === 'release-instance') {
    if (!text('instance')) throw new UsageError('release-instance needs --instance ID');
    return JSON.parse(JSON.stringify({ instanceId: text('instance'), accountId: text('account') }));
  }
  return JSON.parse(
    JSON.stringify({
      service: text('service'),
      region: text('region'),
      instanceIds: text('instance') ? [text('instance')] : undefined,
      instanceName: text('name'),
      keyPairName: text('key-pair'),
      osType: options.windows ? 'windows' : undefined,
      accountId: text('account'),
    }),
  );
}

/** The JSON body of an action from its options. */
function bodyOf(action: string, options: Record<string, string | true>): Record<string, unknown> {
  if (action === 'run-instance' || action === 'release-instance') return instanceBodyOf(action, options);
  const text = (name: string) => (typeof options[name] === 'string' ? (options[name] as string) : undefined);
  const body: Record<string, unknown> = {
    service: text('service'),
    // The same default region as the drift actions, for attach too.
    region: text('region') ?? (text('service') === 'ens' ? undefined : 'cn-hangzhou'),
    keyPairName: text('name'),
    accountId: text('account'),
  };
  if (action !== 'reset' && action !== 'list' && !body.keyPairName) throw new UsageError(`${action} needs --name`);
  if (action === 'import') {
    const file = text('public-key');
    if (!file) throw new UsageError('import needs --public-key FILE');
    try {
      body.publicKey = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new InputError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (action === 'tag') {
    try {
      body.tags = JSON.parse(text('tags') ?? '');
    } catch {
      throw new UsageError('tag needs --tags with a JSON object, such as \'{"env":"prod"}\'');
    }
  }
  if (action === 'attach') {
    if (text('instance')) body.instanceIds = [text('instance')];
    if (text('release-after-ms') !== undefined) body.releaseAfterMs = Number(text('release-after-ms'));
  }
  return JSON.parse(JSON.stringify(body));
}

export async function emulatorCtlCommand(args: string[], { out }: Streams, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { options, positionals } = parseArguments(
    args,
    ['url', 'name', 'region', 'service', 'account', 'public-key', 'tags', 'instance', 'release-after-ms', 'key-pair'],
    ['help', 'h', 'windows'],
  );
  if (options.help || options.h) return (out(EMULATOR_CTL_HELP), EXIT_OK);
  const [action, ...extra] = positionals;
  if (!action || !Object.hasOwn(ACTIONS, action)) throw new UsageError(`emulator-ctl needs an action: ${Object.keys(ACTIONS).join(', ')}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const base = typeof options.url === 'string' ? options.url : env.ALIBABA_CLOUD_ENDPOINT_ECS || 'http://127.0.0.1:8080';
  const { path, method } = ACTIONS[action];
  const url = new URL(path, base);
  if ((action === 'list' || action === 'instances') && typeof options.account === 'string')
    url.searchParams.set('account', options.account);
  // Built before the request: a usage error is the user's to fix, not a sign that no emulator answers.
  const body = method === 'POST' ? JSON.stringify(bodyOf(action, options)) : undefined;
  let response: Response;
  try {
    response = await fetch(url, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body } : {}) });
  } catch {
    throw new InputError(`no emulator answers at ${url.origin}: start one (alicloud-keypair emulator --port 8080) or give --url`);
  }
  const answer = (await response.json().catch(() => ({}))) as { error?: string };
  if (!response.ok) throw new InputError(`the emulator refused ${action}: ${answer.error ?? `HTTP ${response.status}`}`);
  if (!['attach', 'reset'].includes(action)) out(JSON.stringify(answer, null, 2));
  return EXIT_OK;
}
