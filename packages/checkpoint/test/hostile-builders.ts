// Builders of hand-made torch archives for the hostile-input tests: every byte is written here,
// so each test states exactly what the attack file holds.
import { zipSync } from "fflate";

export const latin1 = (text: string) => Uint8Array.from(text, (character) => character.charCodeAt(0));
export const concat = (...parts: (Uint8Array | number[] | string)[]) => {
  const arrays = parts.map((part) => (typeof part === "string" ? latin1(part) : Uint8Array.from(part)));
  const out = new Uint8Array(arrays.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of arrays) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
};
/** BINUNICODE of an ASCII string. */
/** BININT: a signed 32-bit little-endian integer. */
export const binint = (value: number) => [0x4a, value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
export const text = (value: string) => concat([0x58, value.length, 0, 0, 0], value);

/** A pickle of `{ [key]: tensor }` where the tensor views storage "0" of `count` floats. */
export function tensorPickle(key: string, storageCount: number, offset: number, shape: number[], stride: number[]): Uint8Array {
  const tuple = (values: number[]) => concat([0x28], ...values.map(binint), [0x74]);
  return concat(
    [0x80, 0x02, 0x7d, 0x28],
    text(key),
    "ctorch._utils\n_rebuild_tensor_v2\n",
    [0x28, 0x28],
    text("storage"),
    "ctorch\nFloatStorage\n",
    text("0"),
    text("cpu"),
    binint(storageCount),
    [0x74, 0x51],
    binint(offset),
    tuple(shape),
    tuple(stride),
    [0x89],
    "ccollections\nOrderedDict\n",
    [0x29, 0x52, 0x74, 0x52, 0x75, 0x2e],
  );
}

export function archive(pickle: Uint8Array, storages: Record<string, Uint8Array> = {}): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 }]> = { "archive/data.pkl": [pickle, { level: 0 }] };
  for (const [key, data] of Object.entries(storages)) files[`archive/data/${key}`] = [data, { level: 0 }];
  return zipSync(files);
}

