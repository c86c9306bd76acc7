/**
 * The resource-provider plugin: Pulumi's ResourceProvider protocol over gRPC, served by the same lifecycle core as
 * the dynamic provider (provider/keyPairProvider.ts) — one `KeyPairProvider` per service, no second copy of check,
 * diff, create, read, update or delete. What is here is only the protocol: values in and out of protobuf Structs,
 * preview answers, the detailed diff, import, and errors as the engine expects them.
 *
 * Why not `@pulumi/pulumi/provider`'s `main()`: its server answers Configure itself (dropping the configuration and
 * declaring that it accepts secrets) and its Read fails when the engine sends no properties, which `pulumi import`
 * does (still so in @pulumi/pulumi 3.270). The generated stubs it ships are used directly instead.
 */
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
import * as path from 'path';
import { KeyPairProvider } from '../provider/keyPairProvider';
import { Service } from '../provider/serviceFacts';
import { inputsFromState, stateFrom, toStored } from '../provider/state';
import { UNKNOWN } from '../provider/unknown';
import { backendOf } from '../provider/backend';
import { configGetter } from './config';
import { detailedDiff } from './detailedDiff';
import { packageSchema } from './schema';
import { version } from './version';

const pulumiDir = path.dirname(require.resolve('@pulumi/pulumi/package.json'));
const grpc = require(require.resolve('@grpc/grpc-js', { paths: [pulumiDir] }));
const providerGrpc = require('@pulumi/pulumi/proto/provider_grpc_pb');
const providerProto = require('@pulumi/pulumi/proto/provider_pb');
const pluginProto = require('@pulumi/pulumi/proto/plugin_pb');
const { Struct } = require(require.resolve('google-protobuf/google/protobuf/struct_pb', { paths: [pulumiDir] }));
const { Empty } = require(require.resolve('google-protobuf/google/protobuf/empty_pb', { paths: [pulumiDir] }));

/** The resource types this plugin serves, and the service of each. */
export const RESOURCE_TYPES: Readonly<Record<string, Service>> = {
  'alicloud-keypair:index:KeyPair': 'ecs',
  'alicloud-keypair:index:EnsKeyPair': 'ens',
};

/** Outputs computed by the cloud: unknown in a preview of a create. */
const CLOUD_OUTPUTS = ['creationTime', 'keyPairId'];

/** The plugin's messages name its own config keys (`alicloud-keypair:region`), not the dynamic provider's. */
export function forPlugin(message: string): string {
  return message.replace(/\balicloud:(?=[a-zA-Z])/g, 'alicloud-keypair:');
}

/** `urn:pulumi:<stack>::<project>::<parent$type>::<name>` → its parts. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; parents: string[]; name: string } {
  const [stack = '', project = '', qualified = '', ...rest] = urn.replace(/^urn:pulumi:/, '').split('::');
  const types = qualified.split('$');
  return { stack, project, type: types[types.length - 1], parents: types.slice(0, -1), name: rest.join('::') };
}

const plain = (struct: any): Record<string, any> => (struct ? struct.toJavaScript() : {});
const structOf = (value: Record<string, unknown>) => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));

/** A gRPC error the engine shows as the operation's failure: the message alone, no stack. */
function failure(error: unknown): { code: number; details: string; message: string } {
  const message = forPlugin(error instanceof Error ? error.message : String(error));
  return { code: grpc.status.UNKNOWN, details: message, message };
}

export class KeyPairPlugin {
  private readonly providers: Record<Service, KeyPairProvider>;

  constructor(report: (line: string) => void = (line) => process.stderr.write(forPlugin(line) + '\n')) {
    this.providers = { ecs: new KeyPairProvider('ecs', report), ens: new KeyPairProvider('ens', report) };
  }

  private provider(urn: string): KeyPairProvider {
    const service = RESOURCE_TYPES[parseUrn(urn).type];
    if (!service) throw new Error(`alicloud-keypair does not serve the resource type of ${urn}`);
    return this.providers[service];
  }

  /** The handlers of pulumirpc.ResourceProvider. */
  handlers(): Record<string, (call: any, callback: any) => void> {
    const unary = (fn: (request: any) => Promise<any>) => (call: any, callback: any) => {
      fn(call.request).then(
        (response) => callback(null, response),
        (error) => callback(failure(error), null),
      );
    };
    const unimplemented = (name: string) => (_call: any, callback: any) =>
      callback({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not implemented by alicloud-keypair` }, null);
    return {
      getPluginInfo: unary(async () => {
        const info = new pluginProto.PluginInfo();
        info.setVersion(version);
        return info;
      }),
      getSchema: unary(async () => {
        const response = new providerProto.GetSchemaResponse();
        response.setSchema(JSON.stringify(packageSchema()));
        return response;
      }),
      checkConfig: unary(async (request) => {
        const response = new providerProto.CheckResponse();
        response.setInputs(request.getNews());
        return response;
      }),
      diffConfig: unary(async (request) => {
        const response = new providerProto.DiffResponse();
        const same = JSON.stringify(plain(request.getOldinputs?.() ?? request.getOlds())) === JSON.stringify(plain(request.getNews()));
        response.setChanges(same ? providerProto.DiffResponse.DiffChanges.DIFF_NONE : providerProto.DiffResponse.DiffChanges.DIFF_SOME);
        return response;
      }),
      configure: unary((request) => this.configure(request)),
      check: unary((request) => this.check(request)),
      diff: unary((request) => this.diff(request)),
      create: unary((request) => this.create(request)),
      read: unary((request) => this.read(request)),
      update: unary((request) => this.update(request)),
      delete: unary(async (request) => {
        await this.provider(request.getUrn()).delete(request.getId(), plain(request.getProperties()));
        return new Empty();
      }),
      cancel: unary(async () => new Empty()),
      getMapping: unary(async () => new providerProto.GetMappingResponse()),
      getMappings: unary(async () => new providerProto.GetMappingsResponse()),
      handshake: unimplemented('Handshake'),
      parameterize: unimplemented('Parameterize'),
      invoke: unimplemented('Invoke'),
      call: unimplemented('Call'),
      construct: unimplemented('Construct'),
      attach: unimplemented('Attach'),
      list: (call: any) => call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'List is not implemented by alicloud-keypair' }),
    };
  }

  private async configure(request: any): Promise<any> {
    const variables = new Map<string, string>(request.getVariablesMap().toArray());
    const config = configGetter(variables, plain(request.getArgs()));
    for (const provider of Object.values(this.providers)) await provider.configure({ config } as never);
    const response = new providerProto.ConfigureResponse();
    // Without secrets the engine strips them from inputs and marks the same outputs secret again: a secret
    // publicKey stays ciphertext in the state.
    response.setAcceptsecrets(false);
    response.setSupportspreview(true);
    response.setAcceptresources(false);
    response.setAcceptoutputs(false);
    return response;
  }

  private async check(request: any): Promise<any> {
    const urn = request.getUrn();
    const parts = parseUrn(urn);
    const news = plain(request.getNews());
    // What the TypeScript SDK sends as `__autoName`: the name and scope for generated names and the owner token.
    const seed = {
      resourceName: parts.name,
      scope: `${parts.project}/${parts.stack}`,
      instance: backendOf() || undefined,
      parents: parts.parents,
    };
    const result = await this.provider(urn).check(plain(request.getOlds()), { ...news, __autoName: JSON.parse(JSON.stringify(seed)) });
    const response = new providerProto.CheckResponse();
    response.setInputs(structOf(result.inputs ?? {}));
    response.setFailuresList(
      (result.failures ?? []).map((f) => {
        const item = new providerProto.CheckFailure();
        item.setProperty(f.property);
        item.setReason(forPlugin(f.reason));
        return item;
      }),
    );
    return response;
  }

  private async diff(request: any): Promise<any> {
    const olds = plain(request.getOlds());
    const news = plain(request.getNews());
    const provider = this.provider(request.getUrn());
    const result = await provider.diff(request.getId(), olds, news);
    const response = new providerProto.DiffResponse();
    response.setChanges(
      result.changes ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
    );
    response.setReplacesList(result.replaces ?? []);
    response.setDeletebeforereplace(Boolean(result.deleteBeforeReplace));
    const details = result.changes ? detailedDiff(olds, news, result.replaces ?? []) : {};
    response.setHasdetaileddiff(true);
    response.setDiffsList(Object.keys(details));
    const kinds = response.getDetaileddiffMap();
    for (const [property, kind] of Object.entries(details)) {
      const entry = new providerProto.PropertyDiff();
      entry.setKind(providerProto.PropertyDiff.Kind[kind]);
      // Old values from the outputs: after a refresh they are the cloud's (the key it holds, its tags).
      entry.setInputdiff(false);
      kinds.set(property, entry);
    }
    return response;
  }

  private async create(request: any): Promise<any> {
    const inputs = plain(request.getProperties());
    const response = new providerProto.CreateResponse();
    if (request.getPreview()) {
      // What a create will report, as far as it is known now: the key's own facts are, the cloud's are not.
      response.setId('');
      response.setProperties(structOf({ ...inputs, ...Object.fromEntries(CLOUD_OUTPUTS.map((name) => [name, UNKNOWN])) }));
      return response;
    }
    const created = await this.provider(request.getUrn()).create(inputs);
    response.setId(created.id);
    response.setProperties(structOf(created.outs ?? {}));
    return response;
  }

  private async read(request: any): Promise<any> {
    const urn = request.getUrn();
    const props = plain(request.getProperties());
    const provider = this.provider(urn);
    // `pulumi import` sends only an id: read it as a lookup and hand back inputs that match the cloud.
    const importing = Object.keys(props).length === 0;
    const lookup = importing ? { region: plain(request.getInputs()).region } : props;
    const result = await provider.read(request.getId(), JSON.parse(JSON.stringify(lookup)));
    const response = new providerProto.ReadResponse();
    response.setId(result.id ?? '');
    if (!result.id) return response;
    response.setProperties(structOf(result.props ?? {}));
    const inputs = importing ? importedInputs(stateFrom(result.props)) : result.inputs;
    if (inputs) response.setInputs(structOf(inputs));
    else response.setInputs(request.getInputs());
    return response;
  }

  private async update(request: any): Promise<any> {
    const olds = plain(request.getOlds());
    const news = plain(request.getNews());
    const response = new providerProto.UpdateResponse();
    if (request.getPreview()) {
      response.setProperties(structOf({ ...olds, ...news }));
      return response;
    }
    const updated = await this.provider(request.getUrn()).update(request.getId(), olds, news);
    response.setProperties(structOf(updated.outs ?? {}));
    return response;
  }
}

/** The inputs of an imported key pair: what a program that declares it with the same key would have checked. */
function importedInputs(state: ReturnType<typeof stateFrom>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(toStored({ ...inputsFromState(state), autoNamed: false, owner: undefined })));
}

/** Serves the plugin on a loopback port; resolves with the port (the engine reads it from the first stdout line). */
export async function servePlugin(plugin = new KeyPairPlugin()): Promise<{ port: number; server: any }> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 1024 * 1024 * 400 });
  server.addService(providerGrpc.ResourceProviderService, plugin.handlers());
  const port: number = await new Promise((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error: Error | null, bound: number) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, server };
}
