/**
 * RPC parameters are flat strings: arrays become `Name.1`, `Name.2`…, objects `Name.Key`, so
 * `{Tag: [{Key: 'a', Value: 'b'}]}` becomes `{'Tag.1.Key': 'a', 'Tag.1.Value': 'b'}`. Undefined values are dropped.
 */
export type RpcValue = string | number | boolean | undefined | null | RpcValue[] | { [key: string]: RpcValue };

export function flattenParams(params: Readonly<Record<string, RpcValue>>): Record<string, string> {
  const flat: Record<string, string> = {};
  const visit = (prefix: string, value: RpcValue): void => {
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(`${prefix}.${index + 1}`, item));
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(`${prefix}.${key}`, inner);
    } else {
      flat[prefix] = String(value);
    }
  };
  for (const [key, value] of Object.entries(params)) visit(key, value);
  return flat;
}
