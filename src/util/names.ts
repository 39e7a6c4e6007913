// Name comparison for roles: one normal form for "the same name" and one skeleton for "looks
// like" (a small subset of Unicode TR39 confusables: Latin look-alikes from Cyrillic and Greek,
// digits that stand for letters, full-width forms via NFKC, invisible characters, accents).

import { confusableWith as kernelConfusable, nameSkeleton as kernelSkeleton, normalizeName } from '../runtime/kernel.js';

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

// The functions themselves live in the runtime kernel, so that the compiler's name rules and the
// generated validators can never disagree about what "the same" or "looks like" means.

/** The form in which two names count as the same: NFKC, case-folded, spacing collapsed. */
export { normalizeName };

/** The form in which two names look alike: also without accents, separators and look-alikes. */
export function nameSkeleton(name: string): string {
  return kernelSkeleton(CONFUSABLES, name);
}

/** Whether `name` equals or imitates `reserved`: same skeleton, or within a small edit distance of it. */
export function confusableWith(name: string, reserved: string): boolean {
  return kernelConfusable(CONFUSABLES, name, reserved);
}
