// Name comparison for roles: one normal form for "the same name" and one skeleton for "looks
// like" (a small subset of Unicode TR39 confusables: Latin look-alikes from Cyrillic and Greek,
// digits that stand for letters, full-width forms via NFKC, invisible characters, accents).

import { editDistance } from './text.js';

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/gu;

/** Look-alike characters, after NFKC and lower-casing, mapped to the Latin letter they imitate. */
export const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', г: 'r', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', һ: 'h', ԁ: 'd', ԛ: 'q', ԝ: 'w', ӏ: 'l', ү: 'y', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', σ: 'o', τ: 't', υ: 'u', χ: 'x',
  ω: 'w', ϲ: 'c', ϳ: 'j',
  // Latin variants and symbols
  ı: 'i', ȷ: 'j', ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ß: 'ss', æ: 'ae', œ: 'oe', '|': 'l', '!': 'i', '$': 's', '@': 'a',
  // Digits used for letters
  '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g',
};

/** The form in which two names count as the same: NFKC, case-folded, spacing collapsed. */
export function normalizeName(name: string): string {
  return name.normalize('NFKC').replace(INVISIBLE, '').toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/** The form in which two names look alike: also without accents, separators and look-alikes. */
export function nameSkeleton(name: string): string {
  const base = normalizeName(name).normalize('NFKD').replace(/\p{M}/gu, '');
  let out = '';
  for (const ch of base) {
    if (/[\s\p{P}\p{S}]/u.test(ch) && !(ch in CONFUSABLES)) continue;
    out += CONFUSABLES[ch] ?? ch;
  }
  // Letter pairs that render like one letter.
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/i/g, 'l');
}

/** Whether `name` equals or imitates `reserved`: same skeleton, or within a small edit distance of it. */
export function confusableWith(name: string, reserved: string): boolean {
  const a = nameSkeleton(name);
  const b = nameSkeleton(reserved);
  if (a === b) return true;
  const allowance = b.length <= 3 ? 0 : b.length <= 8 ? 1 : 2;
  return editDistance(a, b, allowance) <= allowance;
}
