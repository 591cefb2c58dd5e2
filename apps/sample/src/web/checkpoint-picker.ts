/** The checkpoint the user chose: a URL (http(s), relative to the page, or hf://) or a local file. */
export type CheckpointChoice = { readonly kind: "url"; readonly url: string } | { readonly kind: "file"; readonly file: File };

/** The controls of the "load pretrained" box. */
export interface CheckpointPickerElements {
  readonly urlInput: HTMLInputElement;
  readonly fileInput: HTMLInputElement;
  readonly dropZone: HTMLElement;
  /** Names the chosen file. */
  readonly chosen: HTMLElement;
}

/** The picker's state: what a load would use. */
export interface CheckpointPicker {
  /** The chosen checkpoint, or a message saying what is missing or wrong. */
  current(): CheckpointChoice | { readonly problem: string };
}

/**
 * Reads a checkpoint URL as the page accepts it: `hf://owner/repo/file` as typed, an http(s) URL,
 * or a path relative to the page (resolved against `base`).
 * @example
 * checkpointUrl("weights/model.safetensors", "http://127.0.0.1:8000/"); // { url: "http://127.0.0.1:8000/weights/model.safetensors" }
 */
export function checkpointUrl(text: string, base: string): { readonly url: string } | { readonly problem: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { problem: "checkpoint: type a URL, or choose or drop a checkpoint file" };
  if (/^hf:\/\//i.test(trimmed)) return { url: trimmed };
  let url: URL;
  try {
    url = new URL(trimmed, base);
  } catch {
    return { problem: `checkpoint: "${trimmed}" is not a URL; expected http(s)://host/model.safetensors, a path relative to this page, or hf://owner/repo/file` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { problem: `checkpoint: ${url.protocol} URLs cannot be fetched by the page; use http(s) or hf://, or choose the file from disk` };
  }
  return { url: url.href };
}

/**
 * Wires the URL field, the file picker and the drop zone (a file dropped anywhere on the page
 * counts; the zone lights up): the last one used wins (typing a URL forgets a chosen file;
 * choosing or dropping a file is used as is). `onFile` runs when a file is
 * chosen or dropped, so the page can load it at once.
 * @example
 * const picker = wireCheckpointPicker(elements, () => void load());
 */
export function wireCheckpointPicker(elements: CheckpointPickerElements, onFile: (file: File) => void): CheckpointPicker {
  const { urlInput, fileInput, dropZone, chosen } = elements;
  let file: File | undefined;
  const choose = (picked: File | undefined) => {
    file = picked;
    chosen.textContent = picked ? `${picked.name} (${picked.size.toLocaleString("en")} bytes)` : "";
    if (picked) onFile(picked);
  };
  urlInput.addEventListener("input", () => {
    if (file) fileInput.value = "";
    file = undefined;
    chosen.textContent = "";
  });
  fileInput.addEventListener("change", () => choose(fileInput.files?.[0]));
  // A file dropped anywhere on the page is taken (the browser would otherwise open it in place of
  // the page); other drags, such as text into the config editor, are left alone.
  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes("Files") ?? false;
  const page = dropZone.ownerDocument;
  page.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dropZone.classList.add("dragging");
  });
  page.addEventListener("dragleave", (event) => {
    if (event.relatedTarget === null) dropZone.classList.remove("dragging");
  });
  page.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    dropZone.classList.remove("dragging");
    const dropped = event.dataTransfer?.files[0];
    if (dropped) choose(dropped);
  });
  return {
    current() {
      if (file) return { kind: "file", file };
      const parsed = checkpointUrl(urlInput.value, document.baseURI);
      return "url" in parsed ? { kind: "url", url: parsed.url } : parsed;
    },
  };
}
