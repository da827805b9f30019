/** Shop money as the app answers it (integer minor units of a currency) in the units `formatCurrency` takes. */
export function minorToMajor(minor: number, currency: string): number {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return minor / 10 ** digits;
}
