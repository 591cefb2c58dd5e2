/** Each command's usage and what it does, as `initlib <command> --help` prints it. */
export const COMMAND_USAGE = {
  tour: `  initlib [tour] [--backend host|cpu|webgpu|node-gpu]
      Walk through MMEngine's five documentation examples, printing each config and the
      per-parameter init log in MMEngine's format.`,
  init: `  initlib init <model.json|model.yaml> [--seed N] [--backend host|cpu|webgpu|node-gpu]
               [--out weights.safetensors] [--report report.json] [--json] [--quiet]
               [--log-level debug|info|warning|error] [--verbose]
      Build the model the ModuleSpec file describes, initialize it, write every parameter under its
      dotted name to --out (safetensors) and the init report to --report (JSON). On any error
      nothing is written and the exit code is non-zero.
  initlib init <model.json|model.yaml> --out DIR/ [--max-shard-size 5GB] [--max-memory 2GB]
               [--shard k/n|auto [--shard-count N]] [--seed N] [--json] [--quiet]
      Stream the weights to DIR in Hugging Face's layout (model.safetensors, or
      model-0000k-of-0000n.safetensors and model.safetensors.index.json), generated chunk by chunk
      on the host within --max-memory, whatever the model's size. --shard k/n writes only part k
      (1..n) of the files, so n processes write the whole layout; auto reads the part from a
      Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shard-count) or a Slurm array.`,
  explain: `  initlib explain <model.json|model.yaml> [--seed N] [--json] [--strict]
      Print the plan: each parameter, the rule that will write it, its fans and resulting std or
      bounds; then each rule in the order it runs with what it matches (per params pattern) and
      the parameters no rule touches. Nothing is allocated or written.`,
  inspect: `  initlib inspect <checkpoint> [--json]
      List a checkpoint's tensors (dtype, shape, bytes) and metadata from its header: safetensors,
      .pth, tfjs model.json, a sharded *.index.json, an http(s) URL or hf://owner/repo[@rev]/file.`,
  convert: `  initlib convert <checkpoint> <out.safetensors> [--prefix P] [--rename FROM=TO ...]
      Rewrite a .pth, tfjs model.json, sharded index or safetensors checkpoint as one safetensors
      file (float32): only keys under --prefix (stripped), then literal key-prefix renames in order.`,
  schema: `  initlib schema
      Print the JSON Schema of model files (layers' and every initializer's arguments); name it in a
      model file's "$schema" to have an editor check and complete it.`,
} as const;

/** The `--help` text of one command: its usage, then the options and exit codes. */
export function commandHelp(command: keyof typeof COMMAND_USAGE): string {
  return `Usage:\n${COMMAND_USAGE[command]}\n\n${HELP_TEXT.slice(HELP_TEXT.indexOf("Options:"))}`;
}

/** The `--help` text of the `initlib` command. */
export const HELP_TEXT = `initlib: MMEngine's weight initialization on TensorFlow.js

Usage:
${Object.values(COMMAND_USAGE).join("\n")}
  initlib help | --help | --version

Model files use the ModuleSpec schema (class, base, args, init_cfg, children, params, buffers,
user_init_weights, is_init) in MMEngine's snake_case spelling, as JSON or YAML. Checkpoint paths in
Pretrained entries are relative to the model file's folder (.safetensors, .pth/.pt/.bin, tfjs
model.json).

Options:
  --seed N        seed of initlib's counter-based generator (default 0)
  --backend B     host (default: Float32Arrays, WebAssembly generator on every core; INITLIB_THREADS
                  sets the thread count), cpu (tfjs-backend-cpu), webgpu (Dawn in Node),
                  node-gpu (tfjs-node-gpu)
  --out FILE      write the initialized parameters as safetensors
  --out DIR/      stream them to a directory of safetensors shards (see docs/scaling.md)
  --max-shard-size S  (--out DIR/) largest shard, e.g. 5GB (default), 500MiB
  --max-memory S  (--out DIR/) memory for values in flight, at least 512KiB (default 2GB)
  --shard k/n     (--out DIR/) write part k of n (k from 1); auto: from JOB_COMPLETION_INDEX
                  (with --shard-count N) or SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT
  --report FILE   write {"parameters": [{name, shape, info, history}], "rules", "untouched", "warnings"} as JSON
  --json          (init, explain, inspect) machine-readable output on stdout
  --strict        (explain) a params pattern that matches no parameter is an error, not a warning
  -q, --quiet     (init) print nothing but errors
  --log-level L   (init) the least severe log lines shown: debug, info, warning (default), error
  -v, --verbose   print stack traces and causes of errors
  -h, --help      print this text

Exit codes: 0 success, 1 the run failed (message says where and why), 2 wrong command line.
`;
