// Bytes in the legacy encodings Vietnamese offices still produce, made as Windows makes them: Windows-1258 by
// WideCharToMultiByte's rule (a precomposed letter when the code page has it, else the letter without its tone and
// a combining tone byte), from the code page's own table as Node's decoder knows it.
const CP1258 = new Map<string, number>();
const decoder = new TextDecoder("windows-1258");
for (let b = 0; b < 256; b++) {
  const ch = decoder.decode(Uint8Array.of(b));
  if (!CP1258.has(ch)) CP1258.set(ch, b);
}

/** `text` in Windows-1258 as Windows writes it; throws on a character the code page cannot hold. */
export function encodeCp1258(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize("NFC")) {
    const direct = CP1258.get(ch);
    if (direct !== undefined) {
      out.push(direct);
      continue;
    }
    // The five tone marks (grave, acute, tilde, hook, dot below) are the code page's combining bytes; the
    // letter without its tone (â, ơ, ư, ă, ê, ô …) is precomposed in it.
    const parts = [...ch.normalize("NFD")];
    const tone = parts.find((p) => "\u0300\u0301\u0303\u0309\u0323".includes(p)) ?? "";
    const base = parts
      .filter((p) => p !== tone)
      .join("")
      .normalize("NFC");
    const b = CP1258.get(base);
    const t = CP1258.get(tone);
    if (b === undefined || t === undefined) throw new Error(`not in Windows-1258: ${ch}`);
    out.push(b, t);
  }
  return Uint8Array.from(out);
}
