/** What every handler gets: parameters in, state to work on. Handlers never see HTTP. */
import type { AccountDirectory, CallerIdentity } from '../accounts';
import { EmulatorStore } from '../store';
import { errors } from '../errors';

export interface HandlerSettings {
  /** Key pairs per ECS region before QuotaExceed.KeyPair (Alibaba: 500). */
  quotaPerRegion: number;
  /** Known ECS regions. */
  regions: ReadonlySet<string>;
  /** Known resource groups; undefined means any well-formed id exists. */
  resourceGroups?: ReadonlySet<string>;
}

export interface HandlerContext {
  params: Readonly<Record<string, string>>;
  /** The key pairs of the caller's account. */
  store: EmulatorStore;
  /** Who signed the request (undefined for an unsigned STS action). */
  caller?: CallerIdentity;
  /** Every account (STS looks roles up across them). */
  accounts: AccountDirectory;
  now: Date;
  settings: HandlerSettings;
}

/** A handler returns the response body without RequestId (the server adds it). */
export type Handler = (context: HandlerContext) => Record<string, unknown>;

/** The values of `Name.1`, `Name.2`… in order, stopping at the first gap. */
export function repeated(params: Readonly<Record<string, string>>, name: string): string[] {
  const values: string[] = [];
  for (let i = 1; params[`${name}.${i}`] !== undefined; i++) values.push(params[`${name}.${i}`]);
  return values;
}

/** `Tag.N.Key` / `Tag.N.Value` pairs, in order. */
export function tagParams(params: Readonly<Record<string, string>>): Array<{ key: string; value: string }> {
  const tags: Array<{ key: string; value: string }> = [];
  for (let i = 1; params[`Tag.${i}.Key`] !== undefined || params[`Tag.${i}.Value`] !== undefined; i++) {
    tags.push({ key: params[`Tag.${i}.Key`] ?? '', value: params[`Tag.${i}.Value`] ?? '' });
  }
  return tags;
}

export function required(params: Readonly<Record<string, string>>, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw errors.missingParameter(name);
  return value;
}

/** PageNumber ≥ 1 (default 1), PageSize 1..50 (default 10), as DescribeKeyPairs documents. */
export function paging(params: Readonly<Record<string, string>>): { pageNumber: number; pageSize: number } {
  const pageNumber = params.PageNumber === undefined ? 1 : Number(params.PageNumber);
  const pageSize = params.PageSize === undefined ? 10 : Number(params.PageSize);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw errors.invalidParameter('PageNumber');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 50) throw errors.invalidPageSize();
  return { pageNumber, pageSize };
}

/** Key-pair names as the services document them. */
export function isValidKeyPairName(name: string): boolean {
  return name.length >= 2 && name.length <= 128 && /^[A-Za-z][A-Za-z0-9:_.-]*$/.test(name) && !/^https?:\/\//i.test(name);
}
