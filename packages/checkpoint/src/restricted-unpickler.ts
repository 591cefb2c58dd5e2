import { CheckpointError } from "./checkpoint-error";
import { createPickleCalls } from "./pickle-calls";
import { PickleInput } from "./pickle-input";
import { AllowedGlobal, TensorReference } from "./pickle-values";

export { type PickleDict, StorageReference, TensorReference } from "./pickle-values";

const MAX_LONG_BYTES = 1024;

/** Caps on the work one pickle may cause; each breach is a `CHECKPOINT_TOO_LARGE` refusal. */
export interface UnpickleLimits {
  /** Most opcodes interpreted. @default 50_000_000 */
  readonly maxOpcodes?: number;
  /** Most memo entries (BINPUT/MEMOIZE) held at once. @default 5_000_000 */
  readonly maxMemoEntries?: number;
  /** Deepest nesting of tuples, lists and dicts. @default 200 */
  readonly maxDepth?: number;
}

/** The limits {@link unpickle} applies when the caller sets none. */
export const DEFAULT_UNPICKLE_LIMITS: Required<UnpickleLimits> = Object.freeze({
  maxOpcodes: 50_000_000,
  maxMemoEntries: 5_000_000,
  maxDepth: 200,
});

/**
 * Unpickles a `torch.save` `data.pkl` with a fixed allow-list: protocol 0–5 opcodes for dicts,
 * lists, tuples, sets, numbers, strings, bytes, booleans and None; `collections.OrderedDict`; the
 * tensor/parameter rebuild functions; storages by `persistent_id`. Any other global or an opcode
 * that would import or call something else is refused with an error that names it. Nothing in the
 * file is ever executed: the allowed callables are interpreted here, by name.
 * @example
 * const root = unpickle(bytes, "model.pth");
 */
export function unpickle(bytes: Uint8Array, file: string, limits: UnpickleLimits = {}): unknown {
  const { maxOpcodes, maxMemoEntries, maxDepth } = { ...DEFAULT_UNPICKLE_LIMITS, ...limits };
  const decoder = new TextDecoder("utf-8");
  const latin1 = new TextDecoder("latin1");
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  // Nesting depth of every container built so far, by reference (never by content: a pickle can
  // share one tuple twice per level, so content grows as 2^depth while the file stays tiny).
  const depths = new WeakMap<object, number>();
  let opcodesLeft = maxOpcodes;

  const corrupt = (summary: string): CheckpointError =>
    new CheckpointError("CHECKPOINT_BAD_PICKLE", `${summary} at byte ${input.position} of data.pkl`, { file, hint: "the checkpoint is truncated or corrupt" });
  const input: PickleInput = new PickleInput(bytes, corrupt);
  const { u8, u16, u32, u64, take, line } = input;
  const pop = () => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) throw corrupt("stack underflow");
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw corrupt("stack underflow");
    return stack[stack.length - 1];
  };
  const popMark = () => {
    const mark = marks.pop();
    if (mark === undefined) throw corrupt("no mark on the stack");
    return stack.splice(mark);
  };
  const tooLarge = (what: string, limit: number, option: keyof UnpickleLimits) =>
    new CheckpointError("CHECKPOINT_TOO_LARGE", `the pickle exceeds its ${what} limit of ${limit} at byte ${input.position} of data.pkl`, {
      file,
      expected: `at most ${limit} ${what}`,
      hint: `nothing was loaded; a state dict never comes near this. If the file is trusted, raise \`${option}\` in the unpickle limits`,
    });
  const depthOf = (value: unknown): number => (typeof value === "object" && value !== null ? (depths.get(value) ?? 0) : 0);
  /** Records a container's depth from its items; refuses nesting beyond the limit. */
  const nested = <T extends object>(container: T, items: Iterable<unknown>): T => {
    let depth = depths.get(container) ?? 1;
    for (const item of items) depth = Math.max(depth, depthOf(item) + 1);
    if (depth > maxDepth) throw tooLarge("nesting depth", maxDepth, "maxDepth");
    depths.set(container, depth);
    return container;
  };
  const memoSet = (index: number, value: unknown) => {
    if (!memo.has(index) && memo.size >= maxMemoEntries) throw tooLarge("memo entries", maxMemoEntries, "maxMemoEntries");
    memo.set(index, value);
  };
  const memoGet = (index: number) => {
    if (!memo.has(index)) throw corrupt(`memo entry ${index} is unset`);
    return memo.get(index);
  };
  // Plain values are keys by value; a tuple key is kept by reference (its identity), never
  // serialized: a tuple can share its items so deeply that its text would never end.
  const dictKey = (key: unknown): unknown => {
    if (key === null || ["string", "number", "boolean", "bigint"].includes(typeof key) || Array.isArray(key)) return key;
    throw corrupt("a dict key is not a plain value");
  };
  const setItems = (target: unknown, items: unknown[]) => {
    if (!(target instanceof Map)) throw corrupt("SETITEM on something that is not a dict");
    if (items.length % 2 !== 0) throw corrupt("odd number of dict items");
    for (let index = 0; index < items.length; index += 2) target.set(dictKey(items[index]), items[index + 1]);
    nested(target, items);
  };
  const appendItems = (target: unknown, items: unknown[]) => {
    if (!Array.isArray(target)) throw corrupt("APPEND on something that is not a list");
    for (const item of items) target.push(item);
    nested(target, items);
  };
  const { findGlobal, call, persistentLoad } = createPickleCalls(file, corrupt);

  for (;;) {
    if ((opcodesLeft -= 1) < 0) throw tooLarge("opcodes", maxOpcodes, "maxOpcodes");
    const opcode = u8();
    switch (opcode) {
      case 0x80: {
        const protocol = u8(); // PROTO
        if (protocol > 5) throw corrupt(`pickle protocol ${protocol} is not supported`);
        break;
      }
      case 0x95: // FRAME: a length prefix only
        if (u64() > bytes.length - input.position) throw corrupt("a frame runs past the end");
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length !== 0) throw corrupt("STOP with an unbalanced stack");
        return stack[0];
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x8f: // EMPTY_SET
        stack.push([]);
        break;
      case 0x64: {
        // DICT
        const map = new Map();
        setItems(map, popMark()); // records the dict's depth
        stack.push(map);
        break;
      }
      case 0x6c: // LIST
      case 0x74: // TUPLE
      case 0x91: {
        // FROZENSET
        const items = popMark();
        stack.push(nested(items, items));
        break;
      }
      case 0x85: {
        // TUPLE1
        const items = [pop()];
        stack.push(nested(items, items));
        break;
      }
      case 0x86: {
        // TUPLE2
        const second = pop();
        const items = [pop(), second];
        stack.push(nested(items, items));
        break;
      }
      case 0x87: {
        // TUPLE3
        const third = pop();
        const second = pop();
        const items = [pop(), second, third];
        stack.push(nested(items, items));
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        appendItems(top(), [item]);
        break;
      }
      case 0x65: // APPENDS
      case 0x90: {
        // ADDITEMS (sets are read as lists)
        const items = popMark();
        appendItems(top(), items);
        break;
      }
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(u32() | 0);
        break;
      case 0x8a: // LONG1
      case 0x8b: {
        // LONG4
        const length = opcode === 0x8a ? u8() : u32();
        if (length > MAX_LONG_BYTES) throw corrupt(`an integer of ${length} bytes`);
        stack.push(decodeLong(take(length)));
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        stack.push(input.float64());
        break;
      case 0x49: {
        // INT (text); "00"/"01" are False/True in protocol 0
        const text = line();
        if (text === "00" || text === "01") stack.push(text === "01");
        else stack.push(parseTextInteger(text, corrupt));
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(parseTextInteger(line().replace(/L$/, ""), corrupt));
        break;
      case 0x46: {
        // FLOAT (text)
        const value = Number(line());
        if (Number.isNaN(value)) throw corrupt("a FLOAT that is not a number");
        stack.push(value);
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(decoder.decode(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(decoder.decode(take(u8())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(decoder.decode(take(u64())));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        stack.push(latin1.decode(take(u8())));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(u32())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x56: // UNICODE (raw-unicode-escape text)
        stack.push(line());
        break;
      case 0x53: {
        // STRING (quoted text)
        const text = line();
        stack.push(text.length >= 2 ? text.slice(1, -1) : text);
        break;
      }
      case 0x71: // BINPUT
        memoSet(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memoSet(u32(), top());
        break;
      case 0x70: // PUT
        memoSet(parseTextInteger(line(), corrupt), top());
        break;
      case 0x94: // MEMOIZE
        memoSet(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(memoGet(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(u32()));
        break;
      case 0x67: // GET
        stack.push(memoGet(parseTextInteger(line(), corrupt)));
        break;
      case 0x30: // POP
        if (marks.length > 0 && stack.length === marks[marks.length - 1]) marks.pop();
        else pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(findGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== "string" || typeof name !== "string") throw corrupt("STACK_GLOBAL without module and name strings");
        stack.push(findGlobal(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const callable = pop();
        stack.push(call(callable, args));
        break;
      }
      case 0x81: {
        // NEWOBJ: cls.__new__(cls, *args); only OrderedDict qualifies
        const args = pop();
        const cls = pop();
        if (!(cls instanceof AllowedGlobal) || cls.name !== "OrderedDict") throw corrupt("NEWOBJ of a class other than OrderedDict");
        stack.push(call(cls, args));
        break;
      }
      case 0x62: {
        // BUILD: state of an OrderedDict (e.g. `_metadata`) or a rebuilt parameter; kept out of the data
        const state = pop();
        const target = top();
        if (!(target instanceof Map) && !(target instanceof TensorReference)) throw corrupt("BUILD on an object that is not a dict or tensor");
        void state;
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistentLoad(pop()));
        break;
      case 0x50: // PERSID (text ids are not used by torch.save)
        throw forbiddenOpcode(file, opcode, "PERSID", input.position - 1);
      case 0x69: // INST
        throw forbiddenOpcode(file, opcode, "INST", input.position - 1);
      case 0x6f: // OBJ
        throw forbiddenOpcode(file, opcode, "OBJ", input.position - 1);
      case 0x92: // NEWOBJ_EX
        throw forbiddenOpcode(file, opcode, "NEWOBJ_EX", input.position - 1);
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: // EXT4
        throw forbiddenOpcode(file, opcode, "EXT", input.position - 1);
      case 0x97: // NEXT_BUFFER
      case 0x98: // READONLY_BUFFER
        throw forbiddenOpcode(file, opcode, "out-of-band buffer", input.position - 1);
      default:
        throw corrupt(`unknown opcode 0x${opcode.toString(16).padStart(2, "0")}`);
    }
  }
}

function forbiddenOpcode(file: string, opcode: number, name: string, position: number): CheckpointError {
  return new CheckpointError("CHECKPOINT_FORBIDDEN_OPCODE", `the pickle uses opcode ${name} (0x${opcode.toString(16)}) at byte ${position}, which is not allowed`, {
    file,
    received: name,
    expected: "the opcodes of a plain state dict",
    hint: "nothing was executed; re-save the checkpoint as a plain state dict or as safetensors",
  });
}

/** Little-endian two's-complement integer of LONG1/LONG4; a number when it is safe, else a bigint. */
function decodeLong(data: Uint8Array): number | bigint {
  if (data.length === 0) return 0;
  let value = 0n;
  for (let index = data.length - 1; index >= 0; index -= 1) value = (value << 8n) | BigInt(data[index]!);
  if (data[data.length - 1]! & 0x80) value -= 1n << BigInt(8 * data.length);
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

function parseTextInteger(text: string, corrupt: (summary: string) => CheckpointError): number {
  if (!/^[+-]?\d{1,15}$/.test(text.trim())) throw corrupt("a text integer is malformed");
  return Number.parseInt(text, 10);
}
