#!/usr/bin/env node
/**
 * pulumi-resource-alicloud-keypair: the engine starts this with its own address (unused) and reads the port from
 * the first line of standard output. Everything else the plugin says goes to standard error, which the CLI shows.
 */
import { servePlugin } from './server';

servePlugin().then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error) => {
    process.stderr.write(`pulumi-resource-alicloud-keypair: cannot serve: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
