/**
 * The same small program in each language the plugin serves — Pulumi YAML, Python, Go and TypeScript (through the
 * generated SDKs) — written from one description, for the real-CLI tests and the bench. The public key comes from
 * the stack config key `publicKey` (so a test can change it, or set it as a secret); everything else is literal.
 */

export type PluginLanguage = 'yaml' | 'python' | 'go' | 'typescript';

export interface PluginResource {
  name: string;
  type: 'KeyPair' | 'EnsKeyPair';
  keyPairName?: string;
  region?: string;
  tags?: Record<string, string>;
  resourceGroupId?: string;
  /** Act in this role's account (`assumeRole: { roleArn }`). */
  roleArn?: string;
  /** This key (literal) instead of the stack config's `publicKey`. YAML only. */
  publicKey?: string;
  /** The name of an explicit provider (see `providers`) for this resource. */
  provider?: string;
}

export interface PluginProgram {
  resources: PluginResource[];
  /** Read `publicKey` as a secret (YAML keeps a secret config value secret by itself). */
  secretKey?: boolean;
  /** Explicit providers: name → region. */
  providers?: Record<string, string>;
}

const lit = (value: unknown) => JSON.stringify(value);
const camelToSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function yaml(program: PluginProgram, project: string, pluginDir: string): Record<string, string> {
  const lines = [
    `name: ${project}`,
    'runtime: yaml',
    'plugins:',
    '  providers:',
    '    - name: alicloud-keypair',
    `      path: ${lit(pluginDir)}`,
  ];
  lines.push('config:', '  publicKey:', '    type: string', 'resources:');
  for (const [name, region] of Object.entries(program.providers ?? {})) {
    lines.push(`  ${name}:`, '    type: pulumi:providers:alicloud-keypair', '    properties:', `      region: ${lit(region)}`);
  }
  for (const r of program.resources) {
    lines.push(
      `  ${r.name}:`,
      `    type: alicloud-keypair:index:${r.type}`,
      '    properties:',
      `      publicKey: ${r.publicKey ? lit(r.publicKey) : '${publicKey}'}`,
    );
    if (r.resourceGroupId) lines.push(`      resourceGroupId: ${lit(r.resourceGroupId)}`);
    if (r.roleArn) lines.push(`      assumeRole: ${lit({ roleArn: r.roleArn })}`);
    if (r.keyPairName) lines.push(`      keyPairName: ${lit(r.keyPairName)}`);
    if (r.region) lines.push(`      region: ${lit(r.region)}`);
    if (r.tags) lines.push(`      tags: ${lit(r.tags)}`);
    if (r.provider) lines.push('    options:', `      provider: \${${r.provider}}`);
  }
  lines.push('outputs:');
  for (const r of program.resources)
    lines.push(`  ${r.name}Fingerprint: \${${r.name}.fingerprint}`, `  ${r.name}Name: \${${r.name}.keyPairName}`);
  return { 'Pulumi.yaml': lines.join('\n') + '\n' };
}

function python(program: PluginProgram): Record<string, string> {
  const lines = [
    'import pulumi',
    'import pulumi_alicloud_keypair as alicloud_keypair',
    '',
    'config = pulumi.Config()',
    `public_key = config.${program.secretKey ? 'require_secret' : 'require'}("publicKey")`,
  ];
  for (const [name, region] of Object.entries(program.providers ?? {}))
    lines.push(`${name} = alicloud_keypair.Provider(${lit(name)}, region=${lit(region)})`);
  for (const r of program.resources) {
    const args = ['public_key=public_key'];
    if (r.keyPairName) args.push(`key_pair_name=${lit(r.keyPairName)}`);
    if (r.region) args.push(`region=${lit(r.region)}`);
    if (r.tags) args.push(`tags=${lit(r.tags)}`);
    if (r.provider) args.push(`opts=pulumi.ResourceOptions(provider=${r.provider})`);
    lines.push(`${camelToSnake(r.name)} = alicloud_keypair.${r.type}(${lit(r.name)}, ${args.join(', ')})`);
    lines.push(
      `pulumi.export("${r.name}Fingerprint", ${camelToSnake(r.name)}.fingerprint)`,
      `pulumi.export("${r.name}Name", ${camelToSnake(r.name)}.key_pair_name)`,
    );
  }
  return { '__main__.py': lines.join('\n') + '\n' };
}

function go(program: PluginProgram, sdkDir: string, pulumiVersion: string): Record<string, string> {
  const body: string[] = [
    program.secretKey
      ? '\t\tpublicKey := config.RequireSecret(ctx, "publicKey")'
      : '\t\tpublicKey := pulumi.String(config.Require(ctx, "publicKey"))',
  ];
  for (const [name, region] of Object.entries(program.providers ?? {})) {
    body.push(
      `\t\t${name}, err := alicloudkeypair.NewProvider(ctx, ${lit(name)}, &alicloudkeypair.ProviderArgs{Region: pulumi.StringPtr(${lit(region)})})`,
      '\t\tif err != nil {\n\t\t\treturn err\n\t\t}',
    );
  }
  for (const r of program.resources) {
    const fields = ['PublicKey: publicKey'];
    if (r.keyPairName) fields.push(`KeyPairName: pulumi.StringPtr(${lit(r.keyPairName)})`);
    if (r.region && r.type === 'KeyPair') fields.push(`Region: pulumi.StringPtr(${lit(r.region)})`);
    if (r.tags)
      fields.push(
        `Tags: pulumi.StringMap{${Object.entries(r.tags)
          .map(([k, v]) => `${lit(k)}: pulumi.String(${lit(v)})`)
          .join(', ')}}`,
      );
    const options = r.provider ? `, pulumi.Provider(${r.provider})` : '';
    body.push(
      `\t\t${r.name}, err := alicloudkeypair.New${r.type}(ctx, ${lit(r.name)}, &alicloudkeypair.${r.type}Args{${fields.join(', ')}}${options})`,
      '\t\tif err != nil {\n\t\t\treturn err\n\t\t}',
      `\t\tctx.Export("${r.name}Fingerprint", ${r.name}.Fingerprint)`,
      `\t\tctx.Export("${r.name}Name", ${r.name}.KeyPairName)`,
    );
  }
  const main = [
    'package main',
    '',
    'import (',
    '\t"github.com/pulumi-alicloud-keypair/sdks/go/alicloudkeypair"',
    '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"',
    '\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"',
    ')',
    '',
    'func main() {',
    '\tpulumi.Run(func(ctx *pulumi.Context) error {',
    ...body,
    '\t\treturn nil',
    '\t})',
    '}',
  ].join('\n');
  const mod = [
    'module keypairprogram',
    '',
    'go 1.21',
    '',
    'require (',
    '\tgithub.com/pulumi-alicloud-keypair/sdks/go v0.0.0',
    `\tgithub.com/pulumi/pulumi/sdk/v3 v${pulumiVersion}`,
    ')',
    '',
    `replace github.com/pulumi-alicloud-keypair/sdks/go => ${sdkDir}`,
    '',
  ].join('\n');
  return { 'main.go': main + '\n', 'go.mod': mod };
}

function typescript(program: PluginProgram): Record<string, string> {
  const lines = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import * as alicloudKeypair from "@pulumi-alicloud-keypair/sdk";',
    '',
    `const publicKey = new pulumi.Config().${program.secretKey ? 'requireSecret' : 'require'}("publicKey");`,
  ];
  for (const [name, region] of Object.entries(program.providers ?? {}))
    lines.push(`const ${name} = new alicloudKeypair.Provider(${lit(name)}, { region: ${lit(region)} });`);
  for (const r of program.resources) {
    const args = ['publicKey'];
    if (r.keyPairName) args.push(`keyPairName: ${lit(r.keyPairName)}`);
    if (r.region) args.push(`region: ${lit(r.region)}`);
    if (r.tags) args.push(`tags: ${lit(r.tags)}`);
    const options = r.provider ? `, { provider: ${r.provider} }` : '';
    lines.push(`const ${r.name} = new alicloudKeypair.${r.type}(${lit(r.name)}, { ${args.join(', ')} }${options});`);
    lines.push(`export const ${r.name}Fingerprint = ${r.name}.fingerprint;`, `export const ${r.name}Name = ${r.name}.keyPairName;`);
  }
  return { 'index.ts': lines.join('\n') + '\n' };
}

/** The program's files (Pulumi.yaml included) for `language`. */
export function pluginProgramFiles(
  language: PluginLanguage,
  program: PluginProgram,
  context: { project: string; pluginDir: string; goSdkDir: string; pulumiVersion: string },
): Record<string, string> {
  if (language === 'yaml') return yaml(program, context.project, context.pluginDir);
  const runtime = language === 'typescript' ? 'nodejs' : language;
  const header = [
    `name: ${context.project}`,
    `runtime: ${runtime}`,
    'plugins:',
    '  providers:',
    '    - name: alicloud-keypair',
    `      path: ${lit(context.pluginDir)}`,
    '',
  ].join('\n');
  const files =
    language === 'python'
      ? python(program)
      : language === 'go'
        ? go(program, context.goSdkDir, context.pulumiVersion)
        : typescript(program);
  return { 'Pulumi.yaml': header, ...files };
}
